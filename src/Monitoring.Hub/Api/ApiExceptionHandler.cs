using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Monitoring.Hub.Api;

/// <summary>
/// Turns what escapes a handler into RFC 7807 problems: unreadable or mistyped JSON becomes a
/// 400 naming the field (never a 500), an unreachable database or broker a 503, anything else a
/// 500 without internals. Handlers validate before they write, so none of these leaves a change behind.
/// </summary>
public sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        IResult result;
        switch (exception)
        {
            // Only JSON errors of the request body are the client's; any other JsonException is ours (500).
            case BadHttpRequestException { InnerException: JsonException json }:
                result = JsonProblem(json, RequestType(httpContext));
                break;
            case BadHttpRequestException bad:
                LogBadRequest(logger, httpContext.Request.Method, httpContext.Request.Path, bad.StatusCode, bad.Message);
                result = TypedResults.Problem(statusCode: bad.StatusCode, title: TitleFor(bad.StatusCode), detail: DescribeBadRequest(bad));
                break;
            case DependencyUnavailableException unavailable:
                LogUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, unavailable.Message);
                result = Problems.Unavailable(unavailable.Message);
                break;
            case NpgsqlException npgsql when IsConnectionFailure(npgsql):
                LogUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, npgsql.Message);
                result = Problems.Unavailable("The database does not answer; nothing was changed. Try again shortly.");
                break;
            case PostgresException { SqlState: PostgresErrorCodes.UndefinedTable }:
                // PostgreSQL was down at start and the migrations have not run yet (DatabaseStartup retries).
                LogUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, "schema not migrated yet");
                result = Problems.Unavailable("The database schema is not ready yet; nothing was changed. Try again shortly.");
                break;
            case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation } conflict:
                // A race that validation could not see (two requests creating the same name at once).
                LogConflict(logger, httpContext.Request.Method, httpContext.Request.Path, conflict.ConstraintName);
                result = Problems.Conflict("The request conflicts with data changed at the same time; nothing was changed.");
                break;
            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                return true;
            default:
                LogUnexpected(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
                result = TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Internal error",
                    detail: "The hub failed to handle the request; it was logged. Nothing was changed.");
                break;
        }

        await result.ExecuteAsync(httpContext);
        return true;
    }

    private static IResult JsonProblem(JsonException json, Type? requestType)
    {
        var message = json.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut >= 0)
        {
            message = message[..cut];
        }

        var field = FieldOf(json.Path);
        if (message.StartsWith("must ", StringComparison.Ordinal))
        {
            // Our own converters (enums, dates, times) word the expectation themselves.
            return Problems.Validation(field, message);
        }

        if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            return Problems.Validation(field, field == "body" ? "must be a JSON object." : ExpectedShape(PropertyType(requestType, field)));
        }

        // Syntax errors (a missing quote, a trailing comma) concern the body as a whole.
        return Problems.Validation("body", $"is not valid JSON: {message}");
    }

    /// <summary>The body type the failed endpoint declared (the exception handler has cleared the endpoint, its feature keeps it).</summary>
    private static Type? RequestType(HttpContext context) =>
        (context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint())
            ?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.RequestType;

    /// <summary>The declared type at <paramref name="field"/> (<c>pregnancy.gestationalWeek</c>, <c>categories[2]</c>) of the request body type.</summary>
    internal static Type? PropertyType(Type? type, string field)
    {
        foreach (var segment in field.Split('.'))
        {
            if (type is null)
            {
                return null;
            }

            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket >= 0 ? segment[..bracket] : segment;
            type = type.GetProperty(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase)?.PropertyType;
            if (type is not null && bracket >= 0)
            {
                type = type.IsArray ? type.GetElementType() : type.GetGenericArguments().FirstOrDefault();
            }
        }

        return type;
    }

    /// <summary><c>$.categories[1]</c> → <c>categories[1]</c>; the root or an unknown position → <c>body</c>.</summary>
    internal static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private static string ExpectedShape(Type? type)
    {
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            null => "has the wrong type.",
            _ when type == typeof(Guid) => "must be a UUID.",
            _ when type == typeof(int) || type == typeof(long) => "must be a whole number.",
            _ when type == typeof(decimal) || type == typeof(double) => "must be a number.",
            _ when type == typeof(bool) => "must be true or false.",
            _ when type == typeof(string) => "must be a string.",
            _ when type != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) => "must be an array.",
            _ when type.IsClass => "must be a JSON object.",
            _ => "has the wrong type.",
        };
    }

    private static string DescribeBadRequest(BadHttpRequestException bad) => bad.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => "The request body is larger than the API accepts.",
        StatusCodes.Status415UnsupportedMediaType => "The request body must be JSON (Content-Type: application/json).",
        _ when bad.Message.Contains("body was provided", StringComparison.Ordinal)
            || bad.Message.Contains("from body", StringComparison.Ordinal) => "A JSON body is required.",
        _ => "The request could not be read.",
    };

    private static string TitleFor(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "Payload too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
        _ => "Bad request",
    };

    private static bool IsConnectionFailure(NpgsqlException exception) =>
        exception is not PostgresException
        && (exception.IsTransient || exception.InnerException is SocketException or IOException or TimeoutException);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected {Method} {Path}: {Status} {Reason}")]
    private static partial void LogBadRequest(ILogger logger, string method, PathString path, int status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string method, PathString path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 409 after a database constraint {Constraint} refused the change")]
    private static partial void LogConflict(ILogger logger, string method, PathString path, string? constraint);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, PathString path);
}
