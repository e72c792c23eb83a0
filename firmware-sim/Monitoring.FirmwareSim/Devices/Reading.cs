namespace Monitoring.FirmwareSim.Devices;

/// <summary>One measured value as a device stamps it: a contract metric name, the value, the device's (real) time.</summary>
public readonly record struct Reading(string Name, double Value, DateTimeOffset Time);
