using System.Globalization;
using Hl7.Fhir.Model;
using Monitoring.Domain.Episodes;
using Hl7.Fhir.Serialization;
using Monitoring.Hub.Api;
using RiskTier = Monitoring.Domain.Risk.RiskTier;

namespace Monitoring.Hub.Referrals.Handoff;

/// <summary>
/// The referral hand-off as an HL7 FHIR R4 document <see cref="Bundle"/> (Firely SDK): a Composition
/// (LOINC 57133-1 referral note) first, then the Patient, the referring clinic and clinician, the
/// receiving hospital, the ServiceRequest for the referral, the triggering alarm as a DetectedIssue, the
/// risk tier and its basis as a survey Observation, test results and the vitals of the last 72 h as
/// Observations with LOINC codes. Records must follow the patient between institutions (003 分级分类诊疗
/// 五 2: 门诊电子病历互联互通, 双向转诊; 五 3: 信息互联互通…及时转运). Pure: the same facts give the same bundle.
/// </summary>
internal static class HandoffBundleBuilder
{
    public const string Loinc = "http://loinc.org";
    public const string Snomed = "http://snomed.info/sct";
    public const string Ucum = "http://unitsofmeasure.org";
    private const string UriSystem = "urn:ietf:rfc:3986";
    private const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
    private const string RiskProbability = "http://terminology.hl7.org/CodeSystem/risk-probability";

    public static Bundle Build(HandoffFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var referral = facts.Referral;
        var entries = new List<Resource>();
        var urls = new Dictionary<Resource, string>();
        string Add(Resource resource, Guid? id = null)
        {
            var url = $"urn:uuid:{id ?? Guid.CreateVersion7(facts.Now)}";
            entries.Add(resource);
            urls[resource] = url;
            return url;
        }

        var patient = new Patient
        {
            Identifier = [UuidIdentifier(facts.Patient.Id)],
            Name = [new HumanName { Text = facts.Patient.Name }],
            Gender = facts.Patient.Sex == Registry.Sex.Female ? AdministrativeGender.Female : AdministrativeGender.Male,
            BirthDate = facts.Patient.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        var patientRef = new ResourceReference(Add(patient, facts.Patient.Id), facts.Patient.Name);
        var clinic = new Organization { Identifier = [UuidIdentifier(facts.Patient.ClinicId)], Name = facts.ClinicName };
        var clinicRef = new ResourceReference(Add(clinic, facts.Patient.ClinicId), facts.ClinicName);
        var owner = new Practitioner { Identifier = [UuidIdentifier(referral.OwnerId)], Name = [new HumanName { Text = referral.OwnerUsername }] };
        var ownerRef = new ResourceReference(Add(owner, referral.OwnerId), referral.OwnerUsername);
        var hospital = new Organization { Name = referral.Destination, Type = [new CodeableConcept { Text = LevelText(referral.DestinationLevel) }] };
        var hospitalRef = new ResourceReference(Add(hospital), referral.Destination);

        ResourceReference? alarmRef = null;
        if (facts.Alarm is { } alarm)
        {
            var issue = new DetectedIssue
            {
                Identifier = [UuidIdentifier(alarm.Id)],
                Status = ObservationStatus.Final,
                Code = new CodeableConcept { Text = alarm.Kind },
                Severity = alarm.Priority switch
                {
                    "high" => DetectedIssue.DetectedIssueSeverity.High,
                    "medium" => DetectedIssue.DetectedIssueSeverity.Moderate,
                    _ => DetectedIssue.DetectedIssueSeverity.Low,
                },
                Patient = patientRef,
                Identified = new FhirDateTime(alarm.RaisedAt),
                Detail = AlarmText(alarm),
            };
            alarmRef = new ResourceReference(Add(issue, alarm.Id), alarm.Kind);
        }

        // The tier as a survey Observation, not a RiskAssessment: R4's ras-2 invariant fails for a
        // prediction with a qualitative risk and no probability (empty implies empty), and the tier has none.
        var basis = facts.Patient.RiskBasis;
        var risk = new Observation
        {
            Status = ObservationStatus.Final,
            Category = [new CodeableConcept(ObservationCategory, "survey", "Survey")],
            Code = new CodeableConcept { Text = "新冠肺炎相关健康风险分级 COVID-19 risk tier (红/黄/绿)" },
            Subject = patientRef,
            Effective = new FhirDateTime(basis.AssessedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            Method = new CodeableConcept { Text = Codes.Of(basis.Method) },
            Value = new CodeableConcept(RiskProbability, TierRisk(facts.Patient.RiskTier), null, $"{TierText(facts.Patient.RiskTier)} ({Codes.Of(facts.Patient.RiskTier)})"),
            Note =
            [
                new Annotation { Text = new Markdown(BasisText(basis)) },
                new Annotation { Text = new Markdown("001_c1a4964215f4f1e9.txt 一; 003_b7fae3b13c0d2460.txt 附件 新冠肺炎相关健康风险评估标准") },
            ],
        };
        var riskRef = new ResourceReference(Add(risk), "risk tier");

        var tests = facts.Tests.Select(test => new ResourceReference(Add(TestObservation(test, patientRef)), "test")).ToList();
        var vitals = new List<ResourceReference>();
        foreach (var code in VitalCode.All)
        {
            foreach (var reading in facts.Vitals.TryGetValue(code.Metric, out var readings) ? readings : [])
            {
                vitals.Add(new ResourceReference(Add(VitalObservation(code, reading, patientRef)), code.Metric));
            }
        }

        var request = new ServiceRequest
        {
            Identifier = [UuidIdentifier(referral.Id)],
            Status = RequestStatus(referral.State),
            Intent = RequestIntent.Order,
            Priority = RequestPriority.Urgent,
            Code = new CodeableConcept(Snomed, "3457005", "Patient referral", "转诊"),
            Subject = patientRef,
            AuthoredOn = referral.RequestedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            Requester = ownerRef,
            Performer = [hospitalRef],
            PerformerType = new CodeableConcept { Text = LevelText(referral.DestinationLevel) },
            ReasonCode = [new CodeableConcept { Text = referral.Reason }],
            // R4 allows only Condition, Observation, DiagnosticReport and DocumentReference as reasons: the
            // alarm (a DetectedIssue) is supporting information, the tier (an Observation) the reason.
            ReasonReference = [riskRef],
            SupportingInfo = [.. alarmRef is null ? Array.Empty<ResourceReference>() : [alarmRef], .. tests],
            Note =
            [
                new Annotation { Text = new Markdown($"Transport: {referral.Transport}; state: {referral.State}; suggested level: {referral.SuggestedLevel}.") },
                .. referral.Events.Select(e => new Annotation
                {
                    Author = new FhirString(e.By),
                    Time = e.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                    Text = new Markdown(e.Note is null ? e.State : $"{e.State}: {e.Note}"),
                }),
            ],
        };
        var requestRef = new ResourceReference(Add(request, referral.Id), "referral");

        var composition = new Composition
        {
            Identifier = UuidIdentifier(Guid.CreateVersion7(facts.Now)),
            Status = CompositionStatus.Final,
            Type = new CodeableConcept(Loinc, "57133-1", "Referral note"),
            Subject = patientRef,
            Date = Instant(facts.Now),
            Author = [ownerRef, clinicRef],
            Title = $"转诊交接摘要 Referral hand-off: {facts.Patient.Name}",
            Section = [.. Sections(requestRef, alarmRef, riskRef, tests, vitals)],
        };
        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Document,
            Identifier = UuidIdentifier(Guid.CreateVersion7(facts.Now)),
            Timestamp = facts.Now,
        };
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = $"urn:uuid:{Guid.CreateVersion7(facts.Now)}", Resource = composition });
        bundle.Entry.AddRange(entries.Select(resource => new Bundle.EntryComponent { FullUrl = urls[resource], Resource = resource }));
        return bundle;
    }

    /// <summary>The bundle in FHIR's JSON format (<c>application/fhir+json</c>).</summary>
    public static string ToJson(Bundle bundle) => bundle.ToJson();

    private static IEnumerable<Composition.SectionComponent> Sections(
        ResourceReference request, ResourceReference? alarm, ResourceReference risk, List<ResourceReference> tests, List<ResourceReference> vitals)
    {
        yield return new Composition.SectionComponent { Title = "转诊 Referral", Entry = [request] };
        if (alarm is not null)
        {
            yield return new Composition.SectionComponent { Title = "触发告警 Triggering alarm", Entry = [alarm] };
        }

        yield return new Composition.SectionComponent { Title = "风险分级 Risk tier", Entry = [risk] };
        if (tests.Count > 0)
        {
            yield return new Composition.SectionComponent { Title = "检测结果 Test results", Entry = tests };
        }

        if (vitals.Count > 0)
        {
            yield return new Composition.SectionComponent { Title = "近72小时生命体征 Vital signs, last 72 h", Entry = vitals };
        }
    }

    private static Observation VitalObservation(VitalCode code, HandoffReading reading, ResourceReference patient) => new()
    {
        Status = ObservationStatus.Final,
        Category = [new CodeableConcept(ObservationCategory, "vital-signs", "Vital Signs")],
        Code = new CodeableConcept(Loinc, code.Loinc, code.Display),
        Subject = patient,
        Effective = reading.Until is { } until
            ? new Period(new FhirDateTime(reading.At), new FhirDateTime(until))
            : new FhirDateTime(reading.At),
        Value = new Quantity { Value = (decimal)reading.Value, Unit = code.UnitText, System = Ucum, Code = code.Unit },
        Note = reading.Until is null ? [] : [new Annotation { Text = new Markdown(string.Create(CultureInfo.InvariantCulture, $"Mean of the period; min {reading.Min}, max {reading.Max}.")) }],
    };

    private static Observation TestObservation(Registry.TestResultResponse test, ResourceReference patient) => new()
    {
        Identifier = [UuidIdentifier(test.Id)],
        Status = ObservationStatus.Final,
        Category = [new CodeableConcept(ObservationCategory, "laboratory", "Laboratory")],
        Code = test.Kind == LabTestKind.Antigen
            ? new CodeableConcept(Loinc, "94558-4", "SARS-CoV-2 (COVID-19) Ag [Presence] in Respiratory specimen by Rapid immunoassay", "抗原检测")
            : new CodeableConcept(Loinc, "94500-6", "SARS-CoV-2 (COVID-19) RNA [Presence] in Respiratory specimen by NAA with probe detection", "核酸检测"),
        Subject = patient,
        Effective = new FhirDateTime(test.TakenAt),
        Value = test.Result == LabTestResult.Positive
            ? new CodeableConcept(Snomed, "10828004", "Positive", "阳性")
            : new CodeableConcept(Snomed, "260385009", "Negative", "阴性"),
        Note = test.Ct is { } ct ? [new Annotation { Text = new Markdown(string.Create(CultureInfo.InvariantCulture, $"Ct {ct}")) }] : [],
    };

    private static Identifier UuidIdentifier(Guid id) => new(UriSystem, $"urn:uuid:{id}");

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static RequestStatus RequestStatus(string state) => state switch
    {
        "admitted" => Hl7.Fhir.Model.RequestStatus.Completed,
        "declined" or "cancelled" => Hl7.Fhir.Model.RequestStatus.Revoked,
        _ => Hl7.Fhir.Model.RequestStatus.Active,
    };

    private static string AlarmText(Alarms.Api.AlarmResponse alarm) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{alarm.Kind} ({alarm.Priority}) raised {alarm.RaisedAt.UtcDateTime:O}{(alarm.Value is { } v ? $", value {v}" : "")}{(alarm.Threshold is { } t ? $", threshold {t}" : "")}{(alarm.Detail is { } d ? $": {d}" : "")}");

    private static string BasisText(Registry.RiskBasisResponse basis) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{(basis.Row is { } row ? $"table row {row}" : $"score {basis.Score}")}; age {basis.AgeYears}; {basis.Explanation}");

    private static string TierRisk(RiskTier tier) => tier switch
    {
        RiskTier.Red => "high",
        RiskTier.Yellow => "moderate",
        _ => "low",
    };

    private static string TierText(RiskTier tier) => tier switch
    {
        RiskTier.Red => "红色 高风险重点人群",
        RiskTier.Yellow => "黄色 中风险次重点人群",
        _ => "绿色 低风险一般人群",
    };

    /// <summary>003 分级分类诊疗 二(二)2 (2)-(4).</summary>
    private static string LevelText(string level) => level switch
    {
        "sub_designated" => "亚（准）定点医院、二级及以上综合医院 (sub_designated)",
        "designated" => "定点医院、三级综合医院 (designated)",
        "tertiary" => "三级综合医院 (tertiary)",
        _ => "其他 (other)",
    };
}
