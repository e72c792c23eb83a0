using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Monitoring.Hub.Cluster;

/// <summary>
/// <c>/internal/cluster/...</c> answers only the hubs of the deployment (the <see cref="ClusterOptions.SecretHeader"/>
/// header, 403 otherwise).
/// </summary>
public sealed class ClusterSecretFilter(IOptions<ClusterOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var expected = Encoding.UTF8.GetBytes(options.Value.Secret ?? "");
        var given = Encoding.UTF8.GetBytes(context.HttpContext.Request.Headers[ClusterOptions.SecretHeader].ToString());
        if (expected.Length == 0 || !CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "Hub-to-hub calls need the cluster secret.");
        }

        return await next(context);
    }
}
