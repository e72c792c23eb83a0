using Monitoring.FirmwareSim.Timing;

namespace Monitoring.FirmwareSim.Engine;

/// <summary>Something in a patient's simulation that acts at times it chooses: a device, a script, a patient's habits.</summary>
public interface ISimulationActor
{
    /// <summary>The real time of the next action; <see cref="DateTimeOffset.MaxValue"/> for none. Must move forward after each action.</summary>
    DateTimeOffset NextDue { get; }

    Task ActAsync(SimInstant now, CancellationToken cancellationToken);
}
