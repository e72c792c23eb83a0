namespace Monitoring.Hub.Tests.Infrastructure;

/// <summary>A user created for a test, with a client already logged in as them.</summary>
public sealed record TestUser(Guid Id, string Username, string Password, HttpClient Client);
