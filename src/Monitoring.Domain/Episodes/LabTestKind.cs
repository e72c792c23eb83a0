namespace Monitoring.Domain.Episodes;

/// <summary>The tests that decide the end of home treatment, 003_b7fae3b13c0d2460.txt, 新冠病毒感染者居家治疗指南 四.</summary>
public enum LabTestKind
{
    /// <summary>抗原自测 (antigen self-test).</summary>
    Antigen,

    /// <summary>核酸检测 (nucleic-acid test, RT-PCR), which may carry a Ct value.</summary>
    Pcr,
}
