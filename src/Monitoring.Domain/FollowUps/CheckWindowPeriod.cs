namespace Monitoring.Domain.FollowUps;

/// <summary>Which of the two daily temperature checks (003 居家治疗指南 三(二)1: 每天早、晚各进行1次体温测量).</summary>
public enum CheckWindowPeriod
{
    Morning,
    Evening,
}
