namespace Monitoring.Domain.Risk;

/// <summary>Age arithmetic for the risk assessment and the age-based key populations.</summary>
public static class Age
{
    /// <summary>
    /// Whole years completed on <paramref name="on"/> (周岁): the age goes up on the birthday itself.
    /// </summary>
    /// <remarks>
    /// Someone born on 29 February becomes a year older on 1 March in common years, not on
    /// 28 February: the birthday has been reached once the calendar has passed 29 February,
    /// which in a common year first happens on 1 March. This is what a plain month/day
    /// comparison gives, and it never makes a patient older before the full year has elapsed.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="birthDate"/> is after <paramref name="on"/>.</exception>
    public static int InWholeYears(DateOnly birthDate, DateOnly on)
    {
        if (birthDate > on)
        {
            throw new ArgumentException(
                $"Birth date {birthDate:O} is after the date {on:O} the age is wanted for.", nameof(birthDate));
        }

        var years = on.Year - birthDate.Year;
        var birthdayNotYetReached = on.Month < birthDate.Month
            || (on.Month == birthDate.Month && on.Day < birthDate.Day);
        return birthdayNotYetReached ? years - 1 : years;
    }

    /// <summary>
    /// The score's age band, 003_b7fae3b13c0d2460.txt, 附件 新冠肺炎相关健康风险评估标准:
    /// "65-80岁" includes both 65 and 80, so "＞80岁" starts at 81 whole years.
    /// </summary>
    public static AgeBand BandOf(int ageYears)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ageYears);
        return ageYears switch
        {
            < 65 => AgeBand.Under65,
            <= 80 => AgeBand.From65To80,
            _ => AgeBand.Over80,
        };
    }
}
