using Microsoft.AspNetCore.Http.HttpResults;

namespace Monitoring.Hub.Api;

/// <summary>
/// The RFC 7807 problem results the API answers with besides validation problems, so every
/// handler words a 404, 409 or 503 the same way.
/// </summary>
public static class Problems
{
    /// <summary>
    /// 404 for a resource that does not exist <em>or</em> belongs to another clinic: the two are
    /// deliberately indistinguishable, so a clinician cannot probe other clinics' identifiers.
    /// </summary>
    public static ProblemHttpResult NotFound(string what, object id) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Not found",
            detail: $"No {what} '{id}' is visible to you.");

    /// <summary>The problem for an outcome that is neither done nor invalid (those have their own results).</summary>
    public static ProblemHttpResult For<T>(Outcome<T> outcome)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Kind switch
        {
            OutcomeKind.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: outcome.Detail),
            OutcomeKind.Conflict => Conflict(outcome.Detail),
            _ => throw new ArgumentException($"A {outcome.Kind} outcome has no problem of its own.", nameof(outcome)),
        };
    }

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    public static ProblemHttpResult Unavailable(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service unavailable", detail: detail);

    public static ValidationProblem Validation(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request is not valid.");
    }

    /// <summary>The validation problem of an <see cref="OutcomeKind.Invalid"/> outcome.</summary>
    public static ValidationProblem Invalid<T>(Outcome<T> outcome)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return Validation(outcome.Field ?? "body", outcome.Detail);
    }

    public static ValidationProblem Validation(string field, string message) =>
        Validation(new ValidationErrors().Add(field, message));
}
