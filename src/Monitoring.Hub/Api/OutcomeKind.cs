namespace Monitoring.Hub.Api;

public enum OutcomeKind
{
    Done,
    NotFound,
    Conflict,
    Invalid,
}
