using System.ComponentModel.DataAnnotations;

namespace DemoSaaS.Cheddar;

/// <summary>Where and as whom to call Cheddar; bound from the "Cheddar" configuration section.</summary>
public sealed class CheddarOptions
{
    public const string SectionName = "Cheddar";

    /// <summary>Root of the API host, e.g. https://getcheddar.com (the client appends /xml/...).</summary>
    [Required(ErrorMessage = "Cheddar:BaseUrl is required (e.g. https://getcheddar.com).")]
    public Uri? BaseUrl { get; set; }

    [Required(ErrorMessage = "Cheddar:ProductCode is required.")]
    public string ProductCode { get; set; } = "";

    [Required(ErrorMessage = "Cheddar:Username is required (the e-mail of a Cheddar API user).")]
    public string Username { get; set; } = "";

    [Required(ErrorMessage = "Cheddar:Password is required (the API user's password or API key).")]
    public string Password { get; set; } = "";

    /// <summary>Total time for one call including retries; card processing can be slow.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
}
