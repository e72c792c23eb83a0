using System.Net;

namespace Monitoring.FirmwareSim.Hub;

/// <summary>The hub answered an API call with an error; <see cref="Exception.Message"/> carries its problem body.</summary>
public sealed class HubApiException : Exception
{
    public HubApiException()
    {
    }

    public HubApiException(string message)
        : base(message)
    {
    }

    public HubApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HubApiException(HttpStatusCode status, string message)
        : base(message)
    {
        Status = status;
    }

    public HttpStatusCode? Status { get; }
}
