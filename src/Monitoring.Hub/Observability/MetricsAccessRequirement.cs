using Microsoft.AspNetCore.Authorization;

namespace Monitoring.Hub.Observability;

/// <summary>
/// Who may read <c>/metrics</c>: a client from <see cref="MetricsOptions.AllowedNetworks"/> (the
/// Prometheus scraper, without a token), or a signed-in administrator. Operators only: the figures
/// are not patient data, but they show load and failures nobody else needs to see.
/// </summary>
public sealed class MetricsAccessRequirement : IAuthorizationRequirement;
