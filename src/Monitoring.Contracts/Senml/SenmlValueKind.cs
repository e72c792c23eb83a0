namespace Monitoring.Contracts.Senml;

/// <summary>Which value field a SenML record carried (RFC 8428 §4.2: v, vs, vb, vd, s).</summary>
public enum SenmlValueKind : byte
{
    Number,
    String,
    Boolean,
    Data,
    Sum,
}
