using System.Globalization;

namespace Monitoring.Domain.FollowUps;

/// <summary>One clinic-local temperature-check window on one day, as instants [Start, End).</summary>
public sealed record CheckWindow(DateOnly Date, CheckWindowPeriod Period, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>The idempotency key, e.g. <c>2026-11-22/morning</c>.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture,
        $"{Date:yyyy-MM-dd}/{(Period == CheckWindowPeriod.Morning ? "morning" : "evening")}");
}
