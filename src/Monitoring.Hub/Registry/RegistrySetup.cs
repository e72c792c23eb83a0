namespace Monitoring.Hub.Registry;

public static class RegistrySetup
{
    /// <summary>Clinics, patients, episodes and test results on PostgreSQL.</summary>
    public static IServiceCollection AddRegistry(this IServiceCollection services)
    {
        services.AddSingleton<ClinicStore>();
        services.AddSingleton<PatientStore>();
        services.AddSingleton<EpisodeStore>();
        services.AddSingleton<TestResultStore>();
        return services;
    }

    public static RouteGroupBuilder MapRegistryApi(this RouteGroupBuilder api) =>
        api.MapClinicsApi().MapPatientsApi().MapEpisodesApi();
}
