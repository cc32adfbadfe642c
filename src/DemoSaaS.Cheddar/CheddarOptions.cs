using System.ComponentModel.DataAnnotations;

namespace DemoSaaS.Cheddar;

/// <summary>Where and as whom to call Cheddar, and how patiently; bound from the "Cheddar" configuration section.</summary>
public sealed class CheddarOptions : IValidatableObject
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
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "Cheddar:Timeout must be between 00:00:01 and 00:05:00.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Time for a single attempt; a hung attempt of a retry-safe call is abandoned and retried after this.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00", ErrorMessage = "Cheddar:AttemptTimeout must be between 00:00:00.100 and 00:05:00.")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt, for retry-safe calls only (0 turns retries off).</summary>
    [Range(0, 10, ErrorMessage = "Cheddar:MaxRetryAttempts must be between 0 and 10.")]
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>First backoff delay; doubles per retry, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Cheddar:RetryBaseDelay must be between 00:00:00 and 00:01:00.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A 429 asking to wait longer than this is not retried; the caller gets the error with its RetryAfter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00", ErrorMessage = "Cheddar:MaxRetryAfter must be between 00:00:00 and 00:05:00.")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The product's secret key that signs webhooks (X-CG-SIGNATURE); only needed to receive webhooks.</summary>
    public string? WebhookSecret { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BaseUrl is { } url)
        {
            if (!url.IsAbsoluteUri || url.Scheme is not ("https" or "http"))
            {
                yield return new ValidationResult("Cheddar:BaseUrl must be an absolute http(s) URL.", [nameof(BaseUrl)]);
            }
            else if (url.Scheme == "http" && !url.IsLoopback)
            {
                // Basic auth sends the password with every call: plain http only to a sandbox on this machine.
                yield return new ValidationResult("Cheddar:BaseUrl must use https (plain http is allowed only for a loopback sandbox).", [nameof(BaseUrl)]);
            }
        }
    }
}
