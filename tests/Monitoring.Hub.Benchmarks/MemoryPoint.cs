namespace Monitoring.Hub.Benchmarks;

/// <summary>The hub's memory with this many registered and streaming devices, after a full compacting collection.</summary>
public sealed record MemoryPoint(int Devices, double RssMb, double GcHeapMb, double GcCommittedMb);
