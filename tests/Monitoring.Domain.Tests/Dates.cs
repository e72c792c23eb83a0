using System.Globalization;

namespace Monitoring.Domain.Tests;

internal static class Dates
{
    /// <summary>Parses an ISO date (yyyy-MM-dd) so theory data can stay readable.</summary>
    public static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A birth date whose birthday is <paramref name="on"/>, giving exactly <paramref name="ageYears"/>.</summary>
    public static DateOnly BornYearsBefore(int ageYears, DateOnly on) => on.AddYears(-ageYears);
}
