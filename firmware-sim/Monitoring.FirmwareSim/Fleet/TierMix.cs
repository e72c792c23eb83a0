using System.Globalization;
using Monitoring.Domain.Risk;

namespace Monitoring.FirmwareSim.Fleet;

/// <summary>The share of red, yellow and green patients the fleet aims for (the hub decides each tier).</summary>
public sealed record TierMix(double Red, double Yellow, double Green)
{
    /// <summary>Home monitoring with devices is mostly for the higher tiers (clinical-rules §1: level 2 and 3).</summary>
    public static TierMix Default { get; } = new(50, 35, 15);

    public IReadOnlyList<double> Weights => [Red, Yellow, Green];

    public static RiskTier TierAt(int index) => index switch
    {
        0 => RiskTier.Red,
        1 => RiskTier.Yellow,
        _ => RiskTier.Green,
    };

    /// <summary>Parses <c>red,yellow,green</c> weights, e.g. <c>50,35,15</c>.</summary>
    public static bool TryParse(string? text, out TierMix? mix)
    {
        mix = null;
        var parts = text?.Split(',', StringSplitOptions.TrimEntries);
        if (parts is not { Length: 3 })
        {
            return false;
        }

        var values = new double[3];
        for (var i = 0; i < 3; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || values[i] < 0 || !double.IsFinite(values[i]))
            {
                return false;
            }
        }

        if (values.Sum() <= 0)
        {
            return false;
        }

        mix = new TierMix(values[0], values[1], values[2]);
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Red},{Yellow},{Green}");
}
