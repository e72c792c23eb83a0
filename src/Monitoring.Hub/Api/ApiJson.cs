using System.Text.Json;
using System.Text.Json.Serialization;
using Monitoring.Hub.Api.Json;

namespace Monitoring.Hub.Api;

/// <summary>
/// The API's JSON: camelCase names, enums as lower snake strings, dates <c>YYYY-MM-DD</c>, times
/// ISO-8601 UTC; numbers only as numbers. Audit rows use the same options, so their before/after
/// read exactly like API bodies.
/// </summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = false;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.ReadCommentHandling = JsonCommentHandling.Disallow;
        options.AllowTrailingCommas = false;
        options.Converters.Add(new SnakeCaseEnumConverterFactory());
        options.Converters.Add(new StrictDateOnlyConverter());
        options.Converters.Add(new UtcDateTimeOffsetConverter());
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
