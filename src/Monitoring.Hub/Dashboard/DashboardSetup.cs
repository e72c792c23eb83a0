using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Monitoring.Hub.Dashboard;

/// <summary>
/// Serves the clinicians' dashboard (a Vite single-page app) at <c>/</c>: its files with a year-long
/// cache for the hashed <c>assets/</c> and <c>no-cache</c> for everything else, and
/// <c>index.html</c> for any other GET that is not under <c>/api</c>, <c>/hubs</c> or <c>/health</c>
/// (the SPA fallback). Without a built dashboard the hub runs as before and logs a warning.
/// </summary>
public static partial class DashboardSetup
{
    /// <summary>Vite writes content-hashed file names here (vite.config.ts, build.assetsDir).</summary>
    public const string HashedAssetsPath = "/assets";

    public const string ImmutableCacheControl = "public, max-age=31536000, immutable";
    public const string NoCacheControl = "no-cache";

    private static readonly string[] ServerPaths = ["/api", "/hubs", "/health"];

    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddOptions<DashboardOptions>()
            .BindConfiguration(DashboardOptions.SectionName)
            .Validate<IHostEnvironment>(
                (options, environment) => string.IsNullOrWhiteSpace(options.RootPath)
                    || DashboardRoot.HasIndex(DashboardRoot.Resolve(options.RootPath, environment.ContentRootPath)),
                "Dashboard:RootPath must name a folder holding index.html (the output of `npm run build` in dashboards/clinician), "
                + "absolute or relative to the content root; leave it unset to use the hub's wwwroot/ or the repository's dashboards/clinician/dist.")
            .ValidateOnStart();
        return services;
    }

    /// <summary>Call after the API, SignalR and health endpoints are mapped.</summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DashboardSetup).FullName!);
        var options = app.Services.GetRequiredService<IOptions<DashboardOptions>>().Value;
        var root = DashboardRoot.Find(options.RootPath, app.Environment.ContentRootPath, AppContext.BaseDirectory);
        if (root is null || !DashboardRoot.HasIndex(root))
        {
            LogDashboardMissing(logger, app.Environment.ContentRootPath);
            return app;
        }

        LogServingDashboard(logger, root);
        var files = new PhysicalFileProvider(root);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context => SetCacheControl(context.Context.Request.Path, context.Context.Response.Headers),
        });

        var index = files.GetFileInfo(DashboardRoot.IndexFile).PhysicalPath!;
        app.MapFallback("{*path:nonfile}", (HttpContext http) => ServeIndex(http, index))
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]))
            .WithDisplayName("Dashboard SPA fallback")
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>True for paths the server owns: an unknown one there is a 404, never the dashboard's page.</summary>
    public static bool IsServerPath(PathString path) =>
        ServerPaths.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>Hashed assets never change under their name; anything else (index.html, favicon) is revalidated.</summary>
    public static void SetCacheControl(PathString path, IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        headers.CacheControl = path.StartsWithSegments(HashedAssetsPath, StringComparison.Ordinal) ? ImmutableCacheControl : NoCacheControl;
    }

    private static IResult ServeIndex(HttpContext http, string indexPath)
    {
        if (IsServerPath(http.Request.Path))
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.CacheControl = NoCacheControl;
        http.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        return TypedResults.PhysicalFile(indexPath, "text/html; charset=utf-8");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving the clinicians' dashboard from {DashboardRoot}")]
    private static partial void LogServingDashboard(ILogger logger, string dashboardRoot);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No built dashboard found (content root {ContentRoot}): run `npm ci && npm run build` in dashboards/clinician or set Dashboard:RootPath; the API runs without it")]
    private static partial void LogDashboardMissing(ILogger logger, string contentRoot);
}
