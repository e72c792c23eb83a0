namespace Monitoring.Domain.Teams;

/// <summary>
/// Who serves in a grid team (包保小分队, 004_306304aaac2aa708.txt 7: 村（居）民委员会…社会组织、社区工作者、志愿者),
/// doctors and nurses being the medical members the seed requires.
/// </summary>
public enum TeamMemberRole
{
    Doctor,
    Nurse,
    CommunityWorker,
    Volunteer,
    Other,
}
