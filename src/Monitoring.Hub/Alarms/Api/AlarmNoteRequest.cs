namespace Monitoring.Hub.Alarms.Api;

/// <summary>Body of <c>POST /api/alarms/{id}/acknowledge</c> (<c>{note?}</c>) and <c>…/resolve</c> (<c>{note}</c>, required for high priority).</summary>
public sealed record AlarmNoteRequest(string? Note);
