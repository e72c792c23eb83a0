using Microsoft.Extensions.Options;
using Npgsql;

namespace Monitoring.Hub.Storage;

public static class DatabaseSetup
{
    public static IServiceCollection AddDatabase(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => IsParsable(o.ConnectionString), "Database:ConnectionString is not a valid Npgsql connection string.")
            .ValidateOnStart();

        // One pooled data source for the whole process (Npgsql's recommended shape).
        services.AddSingleton(sp => NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString));
        return services;
    }

    private static bool IsParsable(string connectionString)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
