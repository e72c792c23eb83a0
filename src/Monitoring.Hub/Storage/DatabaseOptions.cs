using System.ComponentModel.DataAnnotations;

namespace Monitoring.Hub.Storage;

public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Npgsql connection string of the <c>monitoring</c> database.</summary>
    [Required(ErrorMessage = "Database:ConnectionString is required (an Npgsql connection string to the 'monitoring' database).")]
    public string ConnectionString { get; set; } = "";
}
