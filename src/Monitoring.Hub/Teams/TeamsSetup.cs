namespace Monitoring.Hub.Teams;

public static class TeamsSetup
{
    /// <summary>Grid teams (004 §7): the store; the worklist and the alarm list filter by their patients.</summary>
    public static IServiceCollection AddTeams(this IServiceCollection services)
    {
        services.AddSingleton<TeamStore>();
        return services;
    }

    public static RouteGroupBuilder MapTeamsApi(this RouteGroupBuilder api) => TeamsApi.Map(api);
}
