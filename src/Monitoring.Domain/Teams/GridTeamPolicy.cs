namespace Monitoring.Domain.Teams;

/// <summary>
/// 004_306304aaac2aa708.txt, 7: 以网格为基本单元组建包保小分队…每个团队至少指定1名医务人员提供专业指导 — a
/// grid team needs at least one medical member (a doctor or a nurse).
/// </summary>
public static class GridTeamPolicy
{
    public static bool IsMedical(TeamMemberRole role) => role is TeamMemberRole.Doctor or TeamMemberRole.Nurse;

    public static bool HasMedicalMember(IEnumerable<TeamMemberRole> roles) => roles.Any(IsMedical);
}
