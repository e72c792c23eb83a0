namespace Monitoring.Hub.Hosting;

public static class DefaultUrls
{
    /// <summary>The contract's default address; loopback so a dev box never exposes the hub by accident.</summary>
    public const string Hub = "http://127.0.0.1:8080";

    /// <summary>
    /// Listens on <see cref="Hub"/> unless <c>--urls</c>, <c>ASPNETCORE_URLS</c> or <c>Urls</c> says
    /// otherwise. Not set in appsettings.json, where it would override ASPNETCORE_URLS.
    /// </summary>
    public static WebApplicationBuilder UseDefaultHubUrl(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(Hub);
        }

        return builder;
    }
}
