using System.Reflection;
using Microsoft.AspNetCore.Authorization;

namespace Monitoring.Hub.Auth;

/// <summary>
/// Makes "every endpoint is clinic-scoped" a property checked when the endpoint is built rather
/// than a habit: a handler under <c>/api</c> that neither takes a <see cref="ClinicScope"/> nor is
/// marked <see cref="AllowAnonymousAttribute"/> fails the build of the route table, so a handler
/// that could read data without its caller's scope never serves a request.
/// </summary>
public static class ClinicScopeFilter
{
    public static TBuilder RequireClinicScope<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilterFactory(static (context, next) =>
        {
            var method = context.MethodInfo;
            var takesScope = method.GetParameters().Any(p => p.ParameterType == typeof(ClinicScope));
            var anonymous = method.GetCustomAttribute<AllowAnonymousAttribute>() is not null;
            if (!takesScope && !anonymous)
            {
                throw new InvalidOperationException(
                    $"Handler {method.DeclaringType?.Name}.{method.Name} is mapped under /api but takes no ClinicScope parameter.");
            }

            return next;
        });
        return builder;
    }
}
