using Monitoring.Domain.Teams;

namespace Monitoring.Domain.Tests.Teams;

/// <summary>004_306304aaac2aa708.txt, 7: 每个团队至少指定1名医务人员.</summary>
public sealed class GridTeamPolicyTests
{
    [Fact]
    public void ATeamNeedsADoctorOrANurse()
    {
        Assert.True(GridTeamPolicy.HasMedicalMember([TeamMemberRole.Volunteer, TeamMemberRole.Nurse]));
        Assert.True(GridTeamPolicy.HasMedicalMember([TeamMemberRole.Doctor]));
        Assert.False(GridTeamPolicy.HasMedicalMember([TeamMemberRole.CommunityWorker, TeamMemberRole.Volunteer, TeamMemberRole.Other]));
        Assert.False(GridTeamPolicy.HasMedicalMember([]));
    }
}
