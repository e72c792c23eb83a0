namespace Monitoring.Hub.Ingestion;

/// <summary>A registered device and its assignment history (oldest first), as loaded at <see cref="LoadedAt"/>.</summary>
public sealed record DeviceHistory(string DeviceId, IReadOnlyList<AssignmentPeriod> History, long LoadedAt)
{
    /// <summary>The assignment covering <paramref name="time"/>, or null (unassigned then).</summary>
    public AssignmentPeriod? At(DateTimeOffset time)
    {
        // Newest first: live readings almost always fall in the open (last) period.
        for (var i = History.Count - 1; i >= 0; i--)
        {
            if (History[i].Covers(time))
            {
                return History[i];
            }
        }

        return null;
    }
}
