using System.Globalization;
using System.Text.Json;
using Monitoring.Contracts.Events;
using Monitoring.Contracts.Metrics;
using Monitoring.FirmwareSim.Devices;
using Monitoring.FirmwareSim.Physiology;
using Monitoring.FirmwareSim.Timing;

namespace Monitoring.FirmwareSim.Scenarios;

/// <summary>
/// Reads and validates a scenario file (JSON; comments and trailing commas allowed). Every problem
/// is reported with its JSON path (<c>$.events[3].nadir: must be from 50 to 100, not 120</c>), all at
/// once, in a <see cref="ScenarioException"/>. The format is described in firmware-sim/README.md.
/// </summary>
public static class ScenarioParser
{
    public const string DefaultClinicName = "模拟社区卫生服务中心 (scenarios)";
    public const string DefaultTimeZone = "Asia/Shanghai";

    private static readonly TimeSpan MaxStory = TimeSpan.FromDays(60);

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 32,
    };

    private static readonly string[] EventTypes =
        ["trend", "desaturation", "motionArtefact", "fever", "antipyretic", "outage", "symptom", "antigen", "battery"];

    private static readonly string[] TrendMetrics = [MetricNames.Spo2, MetricNames.PulseRate, MetricNames.RespiratoryRate];

    public static Scenario ParseFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException($"{path}: cannot be read: {ex.Message}", ex);
        }

        try
        {
            return Parse(text);
        }
        catch (ScenarioException ex)
        {
            throw new ScenarioException($"{path}: not a valid scenario.", ex.Errors.Count > 0 ? ex.Errors : [new ScenarioError("$", ex.Message)]);
        }
    }

    public static Scenario Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : "";
            throw new ScenarioException("The scenario is not valid JSON.", [new ScenarioError("$", $"not valid JSON{where}: {ex.Message}")]);
        }

        using (document)
        {
            var errors = new List<ScenarioError>();
            var scenario = ReadScenario(document.RootElement, errors);
            if (errors.Count > 0 || scenario is null)
            {
                throw new ScenarioException("The scenario is not valid.", errors);
            }

            return scenario;
        }
    }

    private static Scenario? ReadScenario(JsonElement root, List<ScenarioError> errors)
    {
        var fields = new JsonFields(root, "$", errors);
        if (!fields.IsObject)
        {
            return null;
        }

        var name = fields.String("name", required: true);
        var description = fields.String("description", required: false);
        var timeScale = fields.Number("timeScale", required: true, 0.001, TimeMapping.MaxTimeScale);
        var duration = fields.Duration("duration", required: true, TimeSpan.FromSeconds(1), MaxStory);
        var seed = fields.Integer("seed", required: false, 0, int.MaxValue) ?? 1;
        var clinic = ReadClinic(fields, errors);
        var patient = fields.Get("patient", required: true) is { } p ? ReadPatient(p, fields.At("patient"), errors) : null;
        var devices = ReadDevices(fields, errors);
        var events = new List<ScenarioEvent>();
        if (fields.Array("events", required: false) is { } items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (ReadEvent(items[i], $"$.events[{i}]", devices, duration, errors) is { } e)
                {
                    events.Add(e);
                }
            }
        }

        fields.RejectUnknown();
        if (name is null || timeScale is null || duration is null || patient is null || devices is null)
        {
            return null;
        }

        return new Scenario(name, description, timeScale.Value, duration.Value, seed, clinic, patient, devices, events);
    }

    private static ScenarioClinic ReadClinic(JsonFields parent, List<ScenarioError> errors)
    {
        if (parent.Get("clinic", required: false) is not { } element)
        {
            return new ScenarioClinic(DefaultClinicName, DefaultTimeZone);
        }

        var fields = new JsonFields(element, parent.At("clinic"), errors);
        var name = fields.String("name", required: false) ?? DefaultClinicName;
        var zone = fields.String("timeZone", required: false) ?? DefaultTimeZone;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            fields.Error("timeZone", $"'{zone}' is not a time zone id known to this machine (e.g. Asia/Shanghai)");
        }

        fields.RejectUnknown();
        return new ScenarioClinic(name, zone);
    }

    private static ScenarioPatient? ReadPatient(JsonElement element, string path, List<ScenarioError> errors)
    {
        var fields = new JsonFields(element, path, errors);
        if (!fields.IsObject)
        {
            return null;
        }

        var name = fields.String("name", required: true);
        DateOnly? birthDate = null;
        if (fields.String("birthDate", required: false) is { } birth)
        {
            if (DateOnly.TryParseExact(birth, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                birthDate = date;
            }
            else
            {
                fields.Error("birthDate", $"'{birth}' is not a date as YYYY-MM-DD");
            }
        }

        var age = fields.Integer("age", required: false, 0, 120);
        var hasBirthDate = fields.Get("birthDate", required: false) is not null;
        var hasAge = fields.Get("age", required: false) is not null;
        if (hasBirthDate == hasAge)
        {
            fields.Error("age", "give either birthDate or age (the birth date is then derived on the day of the run)");
        }

        var sex = fields.String("sex", required: true, ["female", "male"]);
        var disease = fields.String("underlyingDisease", required: true, ["none", "stable", "unstable"]);
        var vaccination = fields.String("vaccination", required: true, ["full", "partial", "none"]);
        var categories = new List<string>();
        if (fields.Array("categories", required: false) is { } items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i].ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(items[i].GetString()))
                {
                    categories.Add(items[i].GetString()!);
                }
                else
                {
                    errors.Add(new ScenarioError($"{path}.categories[{i}]", $"must be a category code string, not {JsonFields.Describe(items[i])}"));
                }
            }
        }

        var profile = ReadProfile(fields, errors);
        fields.RejectUnknown();
        if (name is null || sex is null || disease is null || vaccination is null || profile is null)
        {
            return null;
        }

        return new ScenarioPatient(name, birthDate, age, sex, disease, vaccination, categories, profile);
    }

    private static PatientProfile? ReadProfile(JsonFields patient, List<ScenarioError> errors)
    {
        var profile = new PatientProfile
        {
            HypoxicDrive = patient.Number("hypoxicDrive", required: false, 0, 3) ?? 1,
            DesaturationsPerHour = patient.Number("desaturationsPerHour", required: false, 0, 60) ?? 0,
            ArtefactsPerHour = patient.Number("artefactsPerHour", required: false, 0, 120) ?? 0,
        };
        if (patient.Get("baseline", required: false) is not { } element)
        {
            return profile;
        }

        var fields = new JsonFields(element, patient.At("baseline"), errors);
        profile = profile with
        {
            Spo2Baseline = fields.Number(MetricNames.Spo2, required: false, 80, 100) ?? profile.Spo2Baseline,
            PulseBaseline = fields.Number(MetricNames.PulseRate, required: false, 30, 180) ?? profile.PulseBaseline,
            RespiratoryBaseline = fields.Number(MetricNames.RespiratoryRate, required: false, 6, 50) ?? profile.RespiratoryBaseline,
            TemperatureBaseline = fields.Number(MetricNames.Temperature, required: false, 35.5, 37.5) ?? profile.TemperatureBaseline,
            PerfusionBaseline = fields.Number(MetricNames.PerfusionIndex, required: false, 0.2, 20) ?? profile.PerfusionBaseline,
        };
        fields.RejectUnknown();
        return profile;
    }

    private static List<ScenarioDevice>? ReadDevices(JsonFields parent, List<ScenarioError> errors)
    {
        if (parent.Array("devices", required: true) is not { } items)
        {
            return null;
        }

        if (items.Count == 0)
        {
            parent.Error("devices", "must list at least one device");
            return null;
        }

        var devices = new List<ScenarioDevice>();
        for (var i = 0; i < items.Count; i++)
        {
            var fields = new JsonFields(items[i], $"$.devices[{i}]", errors);
            if (!fields.IsObject)
            {
                continue;
            }

            var kindName = fields.String("kind", required: true, DeviceKinds.WireNames);
            var every = fields.Duration("every", required: false, TimeSpan.FromMilliseconds(100), TimeSpan.FromDays(1));
            var battery = fields.Number("battery", required: false, 0, 100) ?? 100;
            fields.RejectUnknown();
            if (!DeviceKinds.TryParse(kindName, out var kind))
            {
                continue;
            }

            if (devices.Any(d => d.Kind == kind))
            {
                fields.Error("kind", $"a second {kindName}: a scenario patient has at most one device of each kind");
                continue;
            }

            devices.Add(new ScenarioDevice(kind.Value, every ?? DefaultEvery(kind.Value), battery));
        }

        return devices;
    }

    private static TimeSpan DefaultEvery(DeviceKind kind) => kind switch
    {
        DeviceKind.Oximeter => TimeSpan.FromSeconds(5),
        DeviceKind.Wearable => TimeSpan.FromSeconds(10),
        _ => TimeSpan.FromMinutes(30),
    };

    private static ScenarioEvent? ReadEvent(JsonElement element, string path, List<ScenarioDevice>? devices, TimeSpan? duration, List<ScenarioError> errors)
    {
        var fields = new JsonFields(element, path, errors);
        if (!fields.IsObject)
        {
            return null;
        }

        var at = fields.Duration("at", required: true, TimeSpan.Zero, MaxStory);
        if (at is { } when && duration is { } total && when > total)
        {
            fields.Error("at", $"{DurationText.Format(when)} is after the end of the scenario ({DurationText.Format(total)})");
            at = null;
        }

        var type = fields.String("type", required: true, EventTypes);
        ScenarioEvent? result = type switch
        {
            "trend" => ReadTrend(fields, at, path),
            "desaturation" => ReadDesaturation(fields, at, path),
            "motionArtefact" => ReadMotionArtefact(fields, at, path),
            "fever" => ReadFever(fields, at, path),
            "antipyretic" => ReadAntipyretic(fields, at, path),
            "outage" => ReadOutage(fields, at, path, devices),
            "symptom" => ReadSymptom(fields, at, path, devices),
            "antigen" => ReadAntigen(fields, at, path, devices),
            "battery" => ReadBattery(fields, at, path, devices),
            _ => null,
        };
        fields.RejectUnknown();
        return result;
    }

    // Each reader reads all its fields before combining them, so one bad field does not hide the others.
    private static DesaturationEvent? ReadDesaturation(JsonFields fields, TimeSpan? at, string path)
    {
        var nadir = fields.Number("nadir", required: true, 50, 99);
        var duration = fields.Duration("duration", required: true, TimeSpan.FromSeconds(1), TimeSpan.FromHours(2));
        return at is { } a && nadir is { } n && duration is { } d ? new DesaturationEvent(a, path, n, d) : null;
    }

    private static MotionArtefactEvent? ReadMotionArtefact(JsonFields fields, TimeSpan? at, string path)
    {
        var duration = fields.Duration("duration", required: true, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        return at is { } a && duration is { } d ? new MotionArtefactEvent(a, path, d) : null;
    }

    private static SymptomEvent? ReadSymptom(JsonFields fields, TimeSpan? at, string path, List<ScenarioDevice>? devices)
    {
        var value = fields.String("value", required: true, Symptoms.All);
        var device = Device(fields, devices, required: false);
        return at is { } a && value is not null && device is { } d ? new SymptomEvent(a, path, d, value) : null;
    }

    private static AntigenEvent? ReadAntigen(JsonFields fields, TimeSpan? at, string path, List<ScenarioDevice>? devices)
    {
        var positive = fields.Boolean("positive", required: true);
        var device = Device(fields, devices, required: false);
        return at is { } a && positive is { } p && device is { } d ? new AntigenEvent(a, path, d, p) : null;
    }

    private static BatteryEvent? ReadBattery(JsonFields fields, TimeSpan? at, string path, List<ScenarioDevice>? devices)
    {
        var level = fields.Number("level", required: true, 0, 100);
        var device = Device(fields, devices, required: true);
        return at is { } a && level is { } l && device is { } d ? new BatteryEvent(a, path, d, l) : null;
    }

    private static TrendEvent? ReadTrend(JsonFields fields, TimeSpan? at, string path)
    {
        var metric = fields.String("metric", required: true, TrendMetrics);
        var (min, max) = metric switch
        {
            MetricNames.Spo2 => (50.0, 100.0),
            MetricNames.PulseRate => (20.0, 250.0),
            _ => (4.0, 80.0),
        };
        var to = fields.Number("to", required: true, min, max);
        var over = fields.Duration("over", required: true, TimeSpan.Zero, MaxStory);
        return at is { } a && metric is not null && to is { } t && over is { } o ? new TrendEvent(a, path, metric, t, o) : null;
    }

    private static FeverEvent? ReadFever(JsonFields fields, TimeSpan? at, string path)
    {
        var peak = fields.Number("peak", required: true, 37.3, 42);
        var rise = fields.Duration("rise", required: false, TimeSpan.Zero, TimeSpan.FromDays(3)) ?? TimeSpan.FromHours(6);
        var plateau = fields.Duration("plateau", required: true, TimeSpan.Zero, MaxStory);
        var fall = fields.Duration("fall", required: false, TimeSpan.Zero, TimeSpan.FromDays(3)) ?? TimeSpan.FromHours(12);
        return at is { } a && peak is { } p && plateau is { } pl ? new FeverEvent(a, path, p, rise, pl, fall) : null;
    }

    private static AntipyreticEvent? ReadAntipyretic(JsonFields fields, TimeSpan? at, string path)
    {
        var count = fields.Integer("count", required: false, 1, 1000) ?? 1;
        var every = fields.Duration("every", required: count > 1, TimeSpan.FromHours(1), TimeSpan.FromDays(2));
        var maxDrop = fields.Number("maxDrop", required: false, 0.1, 4) ?? 1.5;
        if (at is not { } a || (count > 1 && every is null))
        {
            return null;
        }

        return new AntipyreticEvent(a, path, every ?? TimeSpan.Zero, count, maxDrop);
    }

    private static OutageEvent? ReadOutage(JsonFields fields, TimeSpan? at, string path, List<ScenarioDevice>? devices)
    {
        var device = Device(fields, devices, required: true);
        var duration = fields.Duration("duration", required: true, TimeSpan.FromSeconds(1), MaxStory);
        return at is { } a && device is { } d && duration is { } du ? new OutageEvent(a, path, d, du) : null;
    }

    /// <summary>The device an event names by kind; without one, the oximeter (whose button reports symptoms), else the first device.</summary>
    private static DeviceKind? Device(JsonFields fields, List<ScenarioDevice>? devices, bool required)
    {
        var name = fields.String("device", required, DeviceKinds.WireNames);
        if (devices is null)
        {
            return null;
        }

        if (name is null)
        {
            if (required)
            {
                return null;
            }

            return devices.FirstOrDefault(d => d.Kind == DeviceKind.Oximeter)?.Kind ?? devices.FirstOrDefault()?.Kind;
        }

        DeviceKinds.TryParse(name, out var kind);
        if (devices.All(d => d.Kind != kind))
        {
            fields.Error("device", $"the scenario has no {name} in $.devices");
            return null;
        }

        return kind;
    }
}
