using Monitoring.FirmwareSim.Devices;
using Monitoring.FirmwareSim.Scenarios;
using Monitoring.FirmwareSim.Tests.Support;

namespace Monitoring.FirmwareSim.Tests.Scenarios;

public sealed class ScenarioParserTests
{
    private const string Valid = """
        {
          // comments are allowed
          "name": "t",
          "timeScale": 60,
          "duration": "2h",
          "patient": { "name": "王芳", "age": 70, "sex": "female", "underlyingDisease": "stable", "vaccination": "partial" },
          "devices": [ { "kind": "oximeter", "every": "5s" }, { "kind": "thermometer" } ],
          "events": [
            { "at": "10m", "type": "desaturation", "nadir": 88, "duration": "40s" },
            { "at": "20m", "type": "outage", "device": "oximeter", "duration": "20m" },
            { "at": "30m", "type": "symptom", "value": "dyspnea" },
          ]
        }
        """;

    public static TheoryData<string> ShippedScenarios()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepositoryPaths.Scenarios, "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void AtLeastAHandfulOfScenariosShip() => Assert.True(ShippedScenarios().Count >= 5);

    [Theory]
    [MemberData(nameof(ShippedScenarios))]
    public void EveryShippedScenarioParses(string file)
    {
        var scenario = ScenarioParser.ParseFile(Path.Combine(RepositoryPaths.Scenarios, file));

        Assert.Equal(Path.GetFileNameWithoutExtension(file), scenario.Name);
        Assert.NotEmpty(scenario.Devices);
        Assert.NotEmpty(scenario.Events);
    }

    [Fact]
    public void AValidScenarioIsReadWithDefaults()
    {
        var scenario = ScenarioParser.Parse(Valid);

        Assert.Equal(60, scenario.TimeScale);
        Assert.Equal(TimeSpan.FromHours(2), scenario.Duration);
        Assert.Equal(1, scenario.Seed);
        Assert.Equal("Asia/Shanghai", scenario.Clinic.TimeZone);
        Assert.Equal(70, scenario.Patient.AgeYears);
        Assert.Equal(TimeSpan.FromMinutes(30), scenario.Devices.Single(d => d.Kind == DeviceKind.Thermometer).Every);
        var desaturation = Assert.IsType<DesaturationEvent>(scenario.Events[0]);
        Assert.Equal((TimeSpan.FromMinutes(10), 88.0, TimeSpan.FromSeconds(40)), (desaturation.At, desaturation.Nadir, desaturation.Duration));
        Assert.Equal(DeviceKind.Oximeter, Assert.IsType<SymptomEvent>(scenario.Events[2]).Device);
    }

    [Theory]
    [InlineData("\"nadir\": 88", "\"nadir\": 120", "$.events[0].nadir", "from 50 to 99")]
    [InlineData("\"nadir\": 88", "\"nadir\": \"low\"", "$.events[0].nadir", "must be a number")]
    [InlineData("\"duration\": \"2h\"", "\"duration\": \"two hours\"", "$.duration", "duration")]
    [InlineData("\"name\": \"t\",", "", "$.name", "is required")]
    [InlineData("\"sex\": \"female\"", "\"sex\": \"f\"", "$.patient.sex", "'f' is not one of female, male")]
    [InlineData("\"age\": 70", "\"age\": 70, \"birthDate\": \"1950-01-01\"", "$.patient.age", "either birthDate or age")]
    [InlineData("\"value\": \"dyspnea\"", "\"value\": \"cough\"", "$.events[2].value", "dyspnea")]
    [InlineData("\"device\": \"oximeter\", \"duration\": \"20m\"", "\"device\": \"wearable\", \"duration\": \"20m\"", "$.events[1].device", "no wearable")]
    [InlineData("\"type\": \"desaturation\"", "\"type\": \"desat\"", "$.events[0].type", "'desat' is not one of")]
    [InlineData("\"at\": \"30m\"", "\"at\": \"3h\"", "$.events[2].at", "after the end")]
    [InlineData("\"timeScale\": 60", "\"timeScale\": 60, \"timescale\": 60", "$.timescale", "not a known property")]
    [InlineData("{ \"kind\": \"thermometer\" }", "{ \"kind\": \"oximeter\" }", "$.devices[1].kind", "a second oximeter")]
    public void AnInvalidScenarioNamesThePathOfTheProblem(string replace, string with, string path, string message)
    {
        Assert.Contains(replace, Valid, StringComparison.Ordinal);

        var ex = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(Valid.Replace(replace, with, StringComparison.Ordinal)));

        var error = Assert.Single(ex.Errors, e => e.Path == path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains($"{path}: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllProblemsAreReportedTogether()
    {
        var broken = Valid
            .Replace("\"nadir\": 88", "\"nadir\": 20", StringComparison.Ordinal)
            .Replace("\"timeScale\": 60", "\"timeScale\": -1", StringComparison.Ordinal)
            .Replace("\"vaccination\": \"partial\"", "\"vaccination\": \"some\"", StringComparison.Ordinal);

        var ex = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(broken));

        Assert.Equal(["$.events[0].nadir", "$.patient.vaccination", "$.timeScale"], ex.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void BrokenJsonIsReportedWithItsLine()
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse("{\n  \"name\": \"t\",\n  \"timeScale\": 60 60\n}"));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("$", error.Path);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileThatIsNotThereSaysSo()
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioParser.ParseFile(Path.Combine(Path.GetTempPath(), "no-such-scenario.json")));

        Assert.Contains("cannot be read", ex.Message, StringComparison.Ordinal);
    }
}
