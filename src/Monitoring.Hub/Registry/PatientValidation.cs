using System.Globalization;
using Monitoring.Domain.Populations;
using Monitoring.Domain.Risk;
using Monitoring.Hub.Api;

namespace Monitoring.Hub.Registry;

/// <summary>The rules of a patient body, shared by create and full update.</summary>
public static class PatientValidation
{
    /// <summary>Older than this at the clinic's today is taken for an entry error.</summary>
    public const int MaxAgeYears = 130;

    public const int MaxCategories = 20;

    /// <summary>
    /// Checks every field, collecting all errors; returns the validated input, or null when
    /// <paramref name="errors"/> has any. <paramref name="clinic"/> is the clinic the body names
    /// as the caller sees it (null: none, or one the caller may not see); <paramref name="today"/>
    /// is that clinic's local date.
    /// </summary>
    public static PatientInput? Validate(PatientRequest request, ClinicResponse? clinic, DateOnly today, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Require("clinicId", request.ClinicId) && clinic is null)
        {
            errors.Add("clinicId", "names no existing clinic.");
        }

        errors.Text("name", request.Name, 1, 200);
        var birthDateValid = false;
        if (errors.Require("birthDate", request.BirthDate))
        {
            var birthDate = request.BirthDate!.Value;
            if (birthDate > today)
            {
                errors.Add("birthDate", $"must not be in the future (today is {Format(today)} at the clinic).");
            }
            else if (Age.InWholeYears(birthDate, today) > MaxAgeYears)
            {
                errors.Add("birthDate", $"gives an age above {MaxAgeYears} years; check the year.");
            }
            else
            {
                birthDateValid = true;
            }
        }

        errors.Require("sex", request.Sex);
        errors.Require("underlyingDisease", request.UnderlyingDisease);
        errors.Require("vaccination", request.Vaccination);
        errors.Text("gridTeam", request.GridTeam, 1, 100, required: false);

        var categories = ValidateCategories(request, birthDateValid ? request.BirthDate : null, today, errors);
        var (pregnancyRisk, gestationalWeek) = ValidatePregnancy(request, categories, errors);

        if (!errors.IsEmpty)
        {
            return null;
        }

        return new PatientInput(
            request.ClinicId!.Value,
            request.Name!.Trim(),
            request.BirthDate!.Value,
            request.Sex!.Value,
            request.UnderlyingDisease!.Value,
            request.Vaccination!.Value,
            [.. categories.Where(c => !KeyPopulations.IsDerivedFromAge(c)).Order()],
            pregnancyRisk,
            gestationalWeek,
            request.UrgentNeed ?? false,
            string.IsNullOrWhiteSpace(request.GridTeam) ? null : request.GridTeam.Trim());
    }

    private static List<KeyPopulation> ValidateCategories(PatientRequest request, DateOnly? birthDate, DateOnly today, ValidationErrors errors)
    {
        var categories = new List<KeyPopulation>();
        if (request.Categories is null)
        {
            return categories;
        }

        if (request.Categories.Count > MaxCategories)
        {
            errors.Add("categories", $"may list at most {MaxCategories} categories.");
            return categories;
        }

        var derived = birthDate is { } born ? KeyPopulations.FromAge(born, today) : null;
        for (var i = 0; i < request.Categories.Count; i++)
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"categories[{i}]");
            var code = request.Categories[i];
            if (!KeyPopulationCodes.TryParse(code, out var category))
            {
                errors.Add(field, $"'{code}' is not a key-population code; expected one of {string.Join(", ", KeyPopulationCodes.All)}.");
                continue;
            }

            if (categories.Contains(category))
            {
                errors.Add(field, $"'{code}' is listed twice.");
                continue;
            }

            if (KeyPopulations.IsDerivedFromAge(category) && derived is not null && !derived.Contains(category))
            {
                errors.Add(field, $"'{code}' follows from birthDate and does not apply to this patient at the clinic's date {Format(today)}.");
                continue;
            }

            if (category is KeyPopulation.Pregnant or KeyPopulation.Postpartum && request.Sex == Sex.Male)
            {
                errors.Add(field, $"'{code}' applies to female patients only.");
                continue;
            }

            categories.Add(category);
        }

        if (categories.Contains(KeyPopulation.Pregnant) && categories.Contains(KeyPopulation.Postpartum))
        {
            errors.Add("categories", "a patient is either pregnant or postpartum, not both.");
        }

        return categories;
    }

    private static (PregnancyRisk? Risk, int? Week) ValidatePregnancy(PatientRequest request, List<KeyPopulation> categories, ValidationErrors errors)
    {
        var pregnancy = request.Pregnancy;
        if (categories.Contains(KeyPopulation.Pregnant))
        {
            if (!errors.Require("pregnancy", pregnancy))
            {
                return (null, null);
            }

            errors.Require("pregnancy.risk", pregnancy!.Risk);
            if (errors.Require("pregnancy.gestationalWeek", pregnancy.GestationalWeek)
                && pregnancy.GestationalWeek is < 0 or > Pregnancy.MaxGestationalWeek)
            {
                errors.Add("pregnancy.gestationalWeek", $"must be between 0 and {Pregnancy.MaxGestationalWeek}.");
            }

            return (pregnancy.Risk, pregnancy.GestationalWeek);
        }

        if (pregnancy is null)
        {
            return (null, null);
        }

        if (!categories.Contains(KeyPopulation.Postpartum))
        {
            errors.Add("pregnancy", "is recorded only with the 'pregnant' or 'postpartum' category.");
            return (null, null);
        }

        errors.Require("pregnancy.risk", pregnancy.Risk);
        if (pregnancy.GestationalWeek is not null)
        {
            errors.Add("pregnancy.gestationalWeek", "is recorded only for a current pregnancy ('pregnant').");
        }

        return (pregnancy.Risk, null);
    }

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
