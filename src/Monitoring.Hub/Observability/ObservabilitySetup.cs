using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Monitoring.Hub.Observability;

public static class ObservabilitySetup
{
    /// <summary>
    /// OpenTelemetry metrics over the hub's meters, ASP.NET Core and the .NET runtime: scraped at
    /// <c>/metrics</c> (Prometheus exporter; access by <see cref="MetricsAccessHandler"/>) and written
    /// to InfluxDB (<see cref="InfluxMetricsExporter"/>); and the clinical census. Needs
    /// <c>AddDatabase()</c>, <c>AddDatabaseMigrations()</c>, <c>AddInflux()</c>, <c>AddBroker()</c>
    /// and <c>AddAuth()</c>.
    /// </summary>
    public static IServiceCollection AddObservability(this IServiceCollection services)
    {
        services.AddOptions<MetricsOptions>()
            .BindConfiguration(MetricsOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => NetworkAllowList.TryParse(o.AllowedNetworks, out _, out _),
                "Metrics:AllowedNetworks must be comma-separated CIDR networks, e.g. 127.0.0.1/32,10.0.0.0/8.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton(sp =>
        {
            NetworkAllowList.TryParse(sp.GetRequiredService<IOptions<MetricsOptions>>().Value.AllowedNetworks, out var list, out _);
            return list;
        });
        services.AddSingleton<IAuthorizationHandler, MetricsAccessHandler>();
        services.AddAuthorizationBuilder().AddPolicy(MetricsApi.Policy, p => p.AddRequirements(new MetricsAccessRequirement()));

        services.AddSingleton<InfluxMetricsExporter>();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("monitoring-hub"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddView(HistogramBuckets.ViewOf)
                // Every scrape reads the figures of that moment (the exporter's default caches them 300 ms).
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));

        // The meters and the InfluxDB reader follow the bound options, known once the container is built.
        services.ConfigureOpenTelemetryMeterProvider((sp, metrics) =>
        {
            var options = sp.GetRequiredService<IOptions<MetricsOptions>>().Value;
            metrics.AddMeter(MeterNames(options.Meters));
            if (options.InfluxInterval > TimeSpan.Zero)
            {
                metrics.AddReader(sp.GetRequiredService<InfluxMetricsExporter>().CreateReader(options.InfluxInterval));
            }
        });

        services.AddSingleton<ClinicalCensus>();
        services.AddHostedService(sp => sp.GetRequiredService<ClinicalCensus>());
        return services;
    }

    /// <summary>
    /// Traces (<see cref="HubActivities"/> and ASP.NET Core) and metrics over OTLP, when
    /// <c>Metrics:OtlpEndpoint</c> is set (e.g. <c>http://collector:4317</c>); otherwise no trace is
    /// recorded at all. <c>Metrics:OtlpProtocol</c>: <c>grpc</c> (default) or <c>http/protobuf</c>.
    /// </summary>
    public static WebApplicationBuilder AddOtlpExport(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var endpoint = builder.Configuration[$"{MetricsOptions.SectionName}:{nameof(MetricsOptions.OtlpEndpoint)}"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return builder;
        }

        var protocol = builder.Configuration[$"{MetricsOptions.SectionName}:{nameof(MetricsOptions.OtlpProtocol)}"] == "http/protobuf"
            ? OtlpExportProtocol.HttpProtobuf
            : OtlpExportProtocol.Grpc;
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing
                .AddSource(HubActivities.SourceName)
                .AddAspNetCoreInstrumentation())
            .UseOtlpExporter(protocol, new Uri(endpoint));
        return builder;
    }

    /// <summary><see cref="MetricsOptions.Meters"/> as OpenTelemetry meter names: a name ending in '.' takes every meter under it.</summary>
    public static string[] MeterNames(string meters) =>
        [.. meters.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(m => m.EndsWith('.') ? m + "*" : m)];
}
