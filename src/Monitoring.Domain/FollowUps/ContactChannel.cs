namespace Monitoring.Domain.FollowUps;

/// <summary>How a clinician reached the patient (004_306304aaac2aa708.txt, 8: 电话、微信、视频或上门).</summary>
public enum ContactChannel
{
    Phone,
    Wechat,
    Video,
    Visit,
}
