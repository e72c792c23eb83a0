using System.Text.Json.Serialization;

namespace Monitoring.Domain.Alarms;

/// <summary>
/// Values of the <c>symptom</c> event (contract, MQTT events). Each is a referral trigger of
/// 003_b7fae3b13c0d2460.txt, 新冠病毒感染者居家治疗指南 三(二)2 "转诊治疗".
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReportedSymptom>))]
public enum ReportedSymptom
{
    /// <summary>
    /// 003 三(二)2(1) "呼吸困难或气促"; 001_c1a4964215f4f1e9.txt, 二(二)2(1) "呼吸困难…尽快转诊".
    /// </summary>
    [JsonStringEnumMemberName("dyspnea")]
    Dyspnea,

    /// <summary>003 三(二)2(3) "原有基础疾病明显加重且不能控制".</summary>
    [JsonStringEnumMemberName("disease_worsening")]
    DiseaseWorsening,

    /// <summary>003 三(二)2(4) "儿童出现嗜睡、持续拒食、喂养困难、持续腹泻或呕吐".</summary>
    [JsonStringEnumMemberName("child_warning")]
    ChildWarning,

    /// <summary>003 三(二)2(5) "孕妇出现头痛、头晕、心慌、憋气…腹痛、阴道出血或流液、胎动异常".</summary>
    [JsonStringEnumMemberName("pregnancy_warning")]
    PregnancyWarning,
}
