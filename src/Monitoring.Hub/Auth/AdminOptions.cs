using System.ComponentModel.DataAnnotations;

namespace Monitoring.Hub.Auth;

/// <summary>The bootstrap administrator, ensured at every start (after migrations).</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    [Required(ErrorMessage = "Admin:Username is required.")]
    [RegularExpression(UserRules.UsernamePattern, ErrorMessage = "Admin:Username may contain letters, digits, '.', '_' and '-' (3-64 characters).")]
    public string Username { get; set; } = "admin";

    /// <summary>Required outside Development; in Development without it no administrator is created.</summary>
    public string? Password { get; set; }
}
