namespace Monitoring.FirmwareSim.Physiology;

/// <summary>Draws from the distributions the models use, always from an injected <see cref="Random"/> (a seed replays a run).</summary>
public static class Draw
{
    /// <summary>Normal distribution (Box-Muller).</summary>
    public static double Gaussian(Random random, double mean, double standardDeviation)
    {
        ArgumentNullException.ThrowIfNull(random);
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return mean + (standardDeviation * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Sin(2.0 * Math.PI * u2));
    }

    public static double Uniform(Random random, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(random);
        return min + ((max - min) * random.NextDouble());
    }

    public static TimeSpan Uniform(Random random, TimeSpan min, TimeSpan max) =>
        TimeSpan.FromTicks((long)Uniform(random, min.Ticks, max.Ticks));

    public static bool Chance(Random random, double probability)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.NextDouble() < probability;
    }

    /// <summary>Waiting time of a Poisson process with <paramref name="perHour"/> events an hour; <see cref="TimeSpan.MaxValue"/> when the rate is 0.</summary>
    public static TimeSpan Exponential(Random random, double perHour)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (perHour <= 0)
        {
            return TimeSpan.MaxValue;
        }

        var hours = -Math.Log(1.0 - random.NextDouble()) / perHour;
        return TimeSpan.FromHours(Math.Min(hours, 24 * 365 * 100));
    }

    /// <summary>Picks an index with probability proportional to its weight.</summary>
    public static int Weighted(Random random, IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(weights);
        var total = 0.0;
        foreach (var w in weights)
        {
            total += Math.Max(0, w);
        }

        var x = random.NextDouble() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            x -= Math.Max(0, weights[i]);
            if (x < 0)
            {
                return i;
            }
        }

        return weights.Count - 1;
    }
}
