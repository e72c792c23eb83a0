namespace Monitoring.Hub.Api;

/// <summary>
/// A service the request needs (the broker, the database) does not answer; the API answers
/// 503 with <see cref="Exception.Message"/> as the problem's detail, which must therefore never
/// carry a secret.
/// </summary>
public sealed class DependencyUnavailableException : Exception
{
    public DependencyUnavailableException()
    {
    }

    public DependencyUnavailableException(string message)
        : base(message)
    {
    }

    public DependencyUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
