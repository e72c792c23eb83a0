using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Hub.Api;

namespace Monitoring.Hub.Auth.Accounts;

/// <summary>
/// Whom a caller may manage: administrators every account; doctors the nurses of their own
/// clinic (a clinic's doctor can unlock or disable a nurse at night without a central
/// administrator, and a doctor cannot take over another doctor or an administrator). An account
/// of another clinic answers 404, as everywhere (no probing of other clinics' ids).
/// </summary>
public static class AccountAccess
{
    public static ProblemHttpResult? Check(ClinicScope scope, UserAccount? target, Guid id)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (target is null || (!scope.IsAdmin && target.ClinicId != scope.ClinicId))
        {
            return Problems.NotFound("user", id);
        }

        if (!scope.IsAdmin && target.Role != UserRole.Nurse)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: "Doctors manage only their own clinic's nurses; an administrator manages doctors and administrators.");
        }

        return null;
    }
}
