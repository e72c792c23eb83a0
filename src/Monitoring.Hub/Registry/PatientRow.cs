using System.Text.Json;
using Monitoring.Domain.Populations;
using Monitoring.Domain.Risk;
using Monitoring.Hub.Api;

namespace Monitoring.Hub.Registry;

/// <summary>A <c>patients</c> row with its clinic's zone and recorded categories, as <see cref="PatientStore"/> reads it.</summary>
internal sealed class PatientRow
{
    public const string Select =
        """
        SELECT p.id, p.clinic_id, c.time_zone AS clinic_time_zone, p.name, p.birth_date, p.sex, p.underlying_disease,
               p.vaccination, p.urgent_need, p.grid_team, p.team_id, p.pregnancy_risk, p.gestational_week, p.risk_tier,
               p.risk_basis::text AS risk_basis, p.created_at, p.updated_at,
               ARRAY(SELECT pc.code FROM patient_categories pc WHERE pc.patient_id = p.id ORDER BY pc.code) AS categories
        FROM patients p JOIN clinics c ON c.id = p.clinic_id
        """;

    public Guid Id { get; set; }

    public Guid ClinicId { get; set; }

    public string ClinicTimeZone { get; set; } = "";

    public string Name { get; set; } = "";

    public DateOnly BirthDate { get; set; }

    public string Sex { get; set; } = "";

    public string UnderlyingDisease { get; set; } = "";

    public string Vaccination { get; set; } = "";

    public bool UrgentNeed { get; set; }

    public string? GridTeam { get; set; }

    public Guid? TeamId { get; set; }

    public string? PregnancyRisk { get; set; }

    public int? GestationalWeek { get; set; }

    public string RiskTier { get; set; } = "";

    public string RiskBasis { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string[] Categories { get; set; } = [];

    public RiskBasisResponse Basis => JsonSerializer.Deserialize<RiskBasisResponse>(RiskBasis, ApiJson.Options)!;

    /// <summary>The API view at <paramref name="now"/>: age and age-derived categories at the clinic's local date.</summary>
    public PatientResponse ToResponse(DateTimeOffset now)
    {
        var today = ClinicTime.LocalDate(ClinicTimeZone, now);
        var ageYears = BirthDate <= today ? Age.InWholeYears(BirthDate, today) : 0;
        var derived = BirthDate <= today ? KeyPopulations.FromAge(BirthDate, today) : [];
        var categories = Categories
            .Select(code => KeyPopulationCodes.TryParse(code, out var c) ? c : (KeyPopulation?)null)
            .OfType<KeyPopulation>()
            .Concat(derived)
            .Distinct()
            .Order()
            .Select(KeyPopulationCodes.Format)
            .ToList();
        var tier = Codes.Parse<RiskTier>(RiskTier);
        PregnancyResponse? pregnancy = null;
        if (PregnancyRisk is not null)
        {
            var risk = Codes.Parse<Domain.Populations.PregnancyRisk>(PregnancyRisk);
            var priority = GestationalWeek is { } week ? new Pregnancy(risk, week).IsPriority : Pregnancy.IsPriorityRisk(risk);
            pregnancy = new PregnancyResponse(risk, GestationalWeek, priority);
        }

        return new PatientResponse(
            Id,
            ClinicId,
            Name,
            BirthDate,
            ageYears,
            Codes.Parse<Registry.Sex>(Sex),
            Codes.Parse<Domain.Risk.UnderlyingDisease>(UnderlyingDisease),
            Codes.Parse<Domain.Risk.Vaccination>(Vaccination),
            categories,
            pregnancy,
            UrgentNeed,
            (int)ServiceLevelPolicy.For(tier, UrgentNeed),
            GridTeam,
            TeamId,
            tier,
            Basis,
            CreatedAt,
            UpdatedAt);
    }
}
