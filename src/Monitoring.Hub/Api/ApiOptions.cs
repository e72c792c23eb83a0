using System.ComponentModel.DataAnnotations;

namespace Monitoring.Hub.Api;

public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>
    /// Largest request body accepted under <c>/api</c>. Registry bodies are a few hundred bytes;
    /// the limit keeps a misbehaving client from making the hub buffer megabytes of JSON.
    /// </summary>
    [Range(1024, 16 * 1024 * 1024, ErrorMessage = "Api:MaxRequestBodyBytes must be between 1024 and 16777216.")]
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;
}
