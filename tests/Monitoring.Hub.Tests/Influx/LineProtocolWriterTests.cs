using System.Buffers;
using System.Text;
using Monitoring.Hub.Influx;

namespace Monitoring.Hub.Tests.Influx;

public sealed class LineProtocolWriterTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1763798400123);

    private static string Write(Action<LineProtocolWriter> build)
    {
        var buffer = new ArrayBufferWriter<byte>();
        build(new LineProtocolWriter(buffer));
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void WritesMeasurementTagsFieldAndMillisecondTimestamp()
    {
        var line = Write(w => w.Measurement("vitals").Tag("clinic", "c1").Tag("device", "ox-1").Tag("patient", "p1").Field("spo2", 97.5).EndLine(At));

        Assert.Equal("vitals,clinic=c1,device=ox-1,patient=p1 spo2=97.5 1763798400123\n", line);
    }

    [Fact]
    public void AnIdTagIsWrittenAsItsText()
    {
        var id = Guid.Parse("0192a000-0000-7000-8000-00000000abcd");

        var line = Write(w => w.Measurement("vitals").Tag("clinic", id).Tag("device", "ox-1").Tag("patient", Guid.Empty).Field("spo2", 97.5).EndLine(At));

        Assert.Equal("vitals,clinic=0192a000-0000-7000-8000-00000000abcd,device=ox-1,patient=00000000-0000-0000-0000-000000000000 spo2=97.5 1763798400123\n", line);
    }

    [Fact]
    public void EscapesEachPartAsInfluxDb1Expects()
    {
        var line = Write(w => w.Measurement("vi tals,x=y").Tag("ta g,=", "v a,l=ue").Field("f k,=", "say \"hi\" \\ bye").EndLine(At));

        Assert.Equal("vi\\ tals\\,x=y,ta\\ g\\,\\==v\\ a\\,l\\=ue f\\ k\\,\\==\"say \\\"hi\\\" \\\\ bye\" 1763798400123\n", line);
    }

    [Theory]
    [InlineData(97.0, "97")]
    [InlineData(0.1, "0.1")]
    [InlineData(-12.25, "-12.25")]
    [InlineData(1e-7, "1E-07")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157E+308")]
    [InlineData(36.6, "36.6")]
    public void FloatsAreShortestRoundTripInInvariantCulture(double value, string text)
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            Assert.Equal($"m f={text} 1763798400123\n", Write(w => w.Measurement("m").Field("f", value).EndLine(At)));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void SeveralFieldsAndBooleans()
    {
        var line = Write(w => w.Measurement("events").Tag("device", "d").Field("antigen", true).Field("spo2", 90.0).EndLine(At));

        Assert.Equal("events,device=d antigen=true,spo2=90 1763798400123\n", line);
    }

    [Fact]
    public void CountsLines()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new LineProtocolWriter(buffer);

        writer.Measurement("m").Field("f", 1.0).EndLine(At);
        writer.Measurement("m").Field("f", 2.0).EndLine(At.AddSeconds(1));

        Assert.Equal(2, writer.LineCount);
        Assert.Equal("m f=1 1763798400123\nm f=2 1763798401123\n", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Theory]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("ends\\")]
    [InlineData("")]
    public void RefusesTagValuesLineProtocolCannotCarry(string value)
    {
        Assert.ThrowsAny<ArgumentException>(() => Write(w => w.Measurement("m").Tag("t", value)));
    }

    [Fact]
    public void RefusesWhatWouldBreakTheLine()
    {
        Assert.ThrowsAny<ArgumentException>(() => Write(w => w.Measurement("#comment")));
        Assert.ThrowsAny<ArgumentException>(() => Write(w => w.Measurement("m").Field("f", "two\nlines")));
        Assert.Throws<ArgumentOutOfRangeException>(() => Write(w => w.Measurement("m").Field("f", double.NaN)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Write(w => w.Measurement("m").Field("f", double.PositiveInfinity)));
        Assert.Throws<InvalidOperationException>(() => Write(w => w.Measurement("m").EndLine(At)));
        Assert.Throws<InvalidOperationException>(() => Write(w => w.Measurement("m").Field("f", 1.0).Tag("t", "late")));
    }
}
