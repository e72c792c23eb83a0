namespace Monitoring.Domain.Alarms;

/// <summary>A refused transition: a code for the API's problem type, and a sentence for people.</summary>
public sealed record AlarmTransitionError(AlarmTransitionErrorCode Code, string Message);
