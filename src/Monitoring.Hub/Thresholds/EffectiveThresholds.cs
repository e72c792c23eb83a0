using Monitoring.Domain.Alarms;
using Monitoring.Domain.Thresholds;

namespace Monitoring.Hub.Thresholds;

/// <summary>A patient's thresholds in force (defaults, then clinic, then patient overrides) and the lifecycle policy they give with the clinic's ladder.</summary>
public sealed record EffectiveThresholds(AlarmThresholds Thresholds, AlarmPolicy Policy);
