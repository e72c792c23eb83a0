using System.ComponentModel.DataAnnotations;

namespace Monitoring.Hub.Devices;

public sealed class DevicesOptions
{
    public const string SectionName = "Devices";

    /// <summary>How long a dynamic-security request to the broker may take before registration answers 503.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00", ErrorMessage = "Devices:BrokerTimeout must be between 00:00:01 and 00:01:00.")]
    public TimeSpan BrokerTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Oximeters each clinic should hold: "每个社区卫生服务中心、乡镇卫生院应配备20个以上"
    /// (004_306304aaac2aa708.txt, 4; clinical-rules §4). The inventory shows the shortfall.
    /// </summary>
    [Range(0, 10000, ErrorMessage = "Devices:OximeterTargetPerClinic must be between 0 and 10000.")]
    public int OximeterTargetPerClinic { get; set; } = 20;
}
