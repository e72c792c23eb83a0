using Monitoring.Domain.FollowUps;
using Monitoring.Domain.Populations;
using Monitoring.Domain.Risk;
using Monitoring.Hub.Api;

namespace Monitoring.Hub.FollowUps;

/// <summary>What the second-booster rule needs of one patient, as read by <see cref="BoosterStore.LoadFactsAsync"/>.</summary>
internal sealed class BoosterFacts
{
    public Guid PatientId { get; set; }

    public Guid ClinicId { get; set; }

    public string TimeZone { get; set; } = "";

    public DateOnly BirthDate { get; set; }

    public string UnderlyingDisease { get; set; } = "";

    public string[] Categories { get; set; } = [];

    public DateOnly? FirstBoosterOn { get; set; }

    public DateOnly? SecondBoosterOn { get; set; }

    public bool HighInfectionRisk { get; set; }

    /// <summary>The status on the clinic-local date of <paramref name="now"/>.</summary>
    public BoosterStatus StatusAt(DateTimeOffset now)
    {
        var today = FollowUpPolicy.LocalDate(now, FollowUpStore.Zone(TimeZone));
        var categories = Categories.Select(c => KeyPopulationCodes.TryParse(c, out var category) ? category : (KeyPopulation?)null)
            .OfType<KeyPopulation>().ToList();
        var groups = BoosterPolicy.Groups(BirthDate, Codes.Parse<UnderlyingDisease>(UnderlyingDisease), categories, HighInfectionRisk, today);
        return BoosterPolicy.Assess(groups, FirstBoosterOn, SecondBoosterOn, today);
    }

    public BoosterResponse ToResponse(DateTimeOffset now)
    {
        var status = StatusAt(now);
        return new BoosterResponse(PatientId, FirstBoosterOn, SecondBoosterOn, HighInfectionRisk, status.Eligible, status.Groups, status.DueOn, status.Due);
    }
}
