namespace Monitoring.Hub.Alarms.Events;

/// <summary>
/// What the alarm engine tells the rest of the hub, after it is stored: internal types, not the
/// API's (the realtime publisher maps them to <c>AlarmResponse</c> and <c>VitalsSample</c> at its edge).
/// </summary>
public abstract record AlarmEvent;
