namespace Monitoring.Domain.Alarms;

/// <summary>
/// Every alarm kind with its priority, in one table (clinical-rules §2 and §3). Rules and the
/// lifecycle read priorities from here only.
/// </summary>
public static class AlarmCatalog
{
    public static IReadOnlyList<AlarmDefinition> All { get; } =
    [
        new(AlarmKind.Spo2Low, AlarmPriority.High, WorseDirection.Lower,
            "001_c1a4964215f4f1e9.txt, 二(二)2(1): 指氧饱和度<93%…尽快转诊"),
        new(AlarmKind.Fever, AlarmPriority.Medium, WorseDirection.Higher,
            "003_b7fae3b13c0d2460.txt, 新冠病毒感染者居家治疗指南 三(二)2(2): 高于38.5℃"),
        new(AlarmKind.FeverPersistent, AlarmPriority.High, WorseDirection.Higher,
            "003_b7fae3b13c0d2460.txt, 新冠病毒感染者居家治疗指南 三(二)2(2): 体温仍持续高于38.5℃,超过3天;"
            + " 001_c1a4964215f4f1e9.txt, 二(二)2(1): 持续高热…尽快转诊"),
        new(AlarmKind.SymptomReported, AlarmPriority.High, WorseDirection.None,
            "001_c1a4964215f4f1e9.txt, 二(二)2(1): 呼吸困难; 003_b7fae3b13c0d2460.txt, 新冠病毒感染者居家治疗指南 三(二)2(1)(3)(4)(5)"),
        new(AlarmKind.DeviceSilent, AlarmPriority.Low, WorseDirection.None, "monitoring practice (technical)"),
        new(AlarmKind.BatteryLow, AlarmPriority.Low, WorseDirection.Lower, "monitoring practice (technical)"),
        new(AlarmKind.TemperatureCheckMissed, AlarmPriority.Low, WorseDirection.None,
            "003_b7fae3b13c0d2460.txt, 新冠病毒感染者居家治疗指南 三(二)1: 每天早、晚各进行1次体温测量 (reminder)"),
        // Medium, our choice: a missed 3-day follow-up leaves a level-2 patient without the clinical
        // review the seed requires, which is more than a reminder, but it is not a referral trigger.
        new(AlarmKind.FollowupOverdue, AlarmPriority.Medium, WorseDirection.None,
            "001_c1a4964215f4f1e9.txt, 二(二)2(1): 基层医疗卫生机构每3天随访一次"),
        // Low, our choice: clinical-rules §3 says missed cadence "shows on the worklist"; it is a
        // work item for the grid team, not something the alarm wall must react to.
        new(AlarmKind.ContactCadenceMissed, AlarmPriority.Low, WorseDirection.None,
            "004_306304aaac2aa708.txt, 8: 对黄色、红色标识重点人群每周联系分别不少于2次和3次"),
        // Low, our choice: a vaccination nudge is a work item (001_c1a4964215f4f1e9.txt, 二(一)2(1): 对未完成加强免疫的…
        // 引导其尽快接种), never something the alarm wall must react to.
        new(AlarmKind.BoosterDue, AlarmPriority.Low, WorseDirection.None,
            "000_65bbdb77c316a43b.txt: 第二剂次加强免疫与第一剂次加强免疫时间间隔为6个月以上"),
        // Low, our choice: a notice that the clinician may end home treatment (the hub tells, the
        // clinician decides); nothing is wrong with the patient.
        new(AlarmKind.EndCriteriaMet, AlarmPriority.Low, WorseDirection.None,
            "003_b7fae3b13c0d2460.txt, 新冠病毒感染者居家治疗指南 四: 可结束居家治疗"),
        // High, our choice: readings a device was told were delivered are gone, so a desaturation
        // may have gone unseen; an administrator must look (and resolve it with a note).
        new(AlarmKind.IngestDataLost, AlarmPriority.High, WorseDirection.None, "operations (technical): docs/ingestion.md, overload"),
        // Medium, our choice: the referral already has an owner and the triggering alarm its own
        // priority; a stalled step (no vehicle, no arrival) asks the clinic to chase it, which is more
        // than a reminder ("转诊有人管", 003 分级分类诊疗 二(二)2(1); 转运车辆…调度, 003 (四)).
        new(AlarmKind.ReferralStalled, AlarmPriority.Medium, WorseDirection.None,
            "003_b7fae3b13c0d2460.txt, 分级分类诊疗工作实施方案 二(二)2(1): 转诊有人管; (四) 做好转运车辆配置和调度"),
    ];

    private static readonly Dictionary<AlarmKind, AlarmDefinition> ByKind = All.ToDictionary(definition => definition.Kind);

    public static AlarmDefinition Get(AlarmKind kind) =>
        ByKind.TryGetValue(kind, out var definition)
            ? definition
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown alarm kind.");

    public static AlarmPriority PriorityOf(AlarmKind kind) => Get(kind).Priority;
}
