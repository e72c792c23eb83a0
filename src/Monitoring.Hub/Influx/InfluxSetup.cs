using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Health;
using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.Influx;

public static class InfluxSetup
{
    public const string HttpClientName = "influx";

    public static IServiceCollection AddInflux(this IServiceCollection services)
    {
        services.AddOptions<InfluxOptions>()
            .BindConfiguration(InfluxOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.Url is { IsAbsoluteUri: true } url && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps),
                "Influx:Url must be an absolute http(s) URL.")
            .Validate(o => o.RetryMinDelay <= o.RetryMaxDelay, "Influx:RetryMinDelay must not exceed Influx:RetryMaxDelay.")
            .Validate(o => o.AggregateRetentionPolicy != o.RetentionPolicy, "Influx:AggregateRetentionPolicy must differ from Influx:RetentionPolicy.")
            .Validate(o => WholeMinutes(o.AggregateResampleEvery) && WholeMinutes(o.AggregateResampleFor) && WholeMinutes(o.AggregateMinEvery),
                "Influx:AggregateResampleEvery, Influx:AggregateResampleFor and Influx:AggregateMinEvery must be whole minutes.")
            .Validate(o => o.AggregateResampleFor >= o.AggregateResampleEvery, "Influx:AggregateResampleFor must be at least Influx:AggregateResampleEvery.")
            .ValidateOnStart();

        services.AddHttpClient(HttpClientName, (sp, client) =>
        {
            var options = sp.GetRequiredService<IOptions<InfluxOptions>>().Value;
            client.BaseAddress = options.Url;
            client.Timeout = TimeSpan.FromSeconds(10);
            if (!string.IsNullOrEmpty(options.Username))
            {
                // InfluxDB 1.x accepts HTTP Basic authentication (credentials never go into URLs or logs).
                var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}"));
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
            }
        });

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IngestionMetrics>();
        services.AddSingleton<InfluxQuery>();
        services.AddSingleton<InfluxSchema>();
        services.AddSingleton<InfluxWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<InfluxWriter>());
        services.AddHealthChecks()
            .AddCheck<InfluxWriterHealthCheck>("influx-writer", tags: [HealthSetup.ReadyTag], timeout: TimeSpan.FromSeconds(2));
        return services;
    }

    private static bool WholeMinutes(TimeSpan span) => span.Ticks % TimeSpan.TicksPerMinute == 0;
}
