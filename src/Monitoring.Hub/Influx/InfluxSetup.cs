using Microsoft.Extensions.Options;

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
            .ValidateOnStart();

        services.AddHttpClient(HttpClientName, (sp, client) =>
        {
            var options = sp.GetRequiredService<IOptions<InfluxOptions>>().Value;
            client.BaseAddress = options.Url;
            client.Timeout = TimeSpan.FromSeconds(10);
        });
        return services;
    }
}
