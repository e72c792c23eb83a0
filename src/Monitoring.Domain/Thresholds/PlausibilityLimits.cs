namespace Monitoring.Domain.Thresholds;

/// <summary>
/// Physical plausibility of readings. A value outside these ranges is an invalid reading:
/// rejected and counted, never alarmed on (clinical-rules §2). They are facts about sensors
/// and bodies, not clinical policy, so they are constants and cannot be overridden per clinic
/// or patient (an override must never make an invalid reading alarm or vanish).
/// </summary>
/// <remarks>
/// SpO2 50-100 %, body temperature 30-45 °C and pulse 20-250 /min are the project's rules
/// (clinical-rules §2). Respiratory rate 4-80 /min, battery 0-100 % and perfusion index
/// 0-30 % are monitoring practice: pulse oximeters do not report a perfusion index above
/// about 20 %, and the respiratory-rate bounds are beyond any sustained human value.
/// </remarks>
public static class PlausibilityLimits
{
    public const double Spo2MinPercent = 50;
    public const double Spo2MaxPercent = 100;
    public const double TemperatureMinCelsius = 30;
    public const double TemperatureMaxCelsius = 45;
    public const double PulseMinPerMinute = 20;
    public const double PulseMaxPerMinute = 250;
    public const double RespiratoryRateMinPerMinute = 4;
    public const double RespiratoryRateMaxPerMinute = 80;
    public const double BatteryMinPercent = 0;
    public const double BatteryMaxPercent = 100;
    public const double PerfusionIndexMinPercent = 0;
    public const double PerfusionIndexMaxPercent = 30;

    public static PlausibleRange Spo2Percent { get; } = new(Spo2MinPercent, Spo2MaxPercent);

    public static PlausibleRange TemperatureCelsius { get; } = new(TemperatureMinCelsius, TemperatureMaxCelsius);

    public static PlausibleRange PulsePerMinute { get; } = new(PulseMinPerMinute, PulseMaxPerMinute);

    public static PlausibleRange RespiratoryRatePerMinute { get; } =
        new(RespiratoryRateMinPerMinute, RespiratoryRateMaxPerMinute);

    public static PlausibleRange BatteryPercent { get; } = new(BatteryMinPercent, BatteryMaxPercent);

    public static PlausibleRange PerfusionIndexPercent { get; } =
        new(PerfusionIndexMinPercent, PerfusionIndexMaxPercent);
}
