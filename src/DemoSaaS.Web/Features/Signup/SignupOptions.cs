using System.ComponentModel.DataAnnotations;

namespace DemoSaaS.Web.Features.Signup;

/// <summary>Which plans signup offers and how it protects against half-created accounts; bound from "Signup".</summary>
public sealed class SignupOptions : IValidatableObject
{
    public const string SectionName = "Signup";

    /// <summary>The rate-limiting policy on the signup page's POST.</summary>
    public const string RateLimitPolicy = "signup";

    /// <summary>Plan codes a new user may choose, in display order.</summary>
    [MinLength(1)]
    public List<string> PlanCodes { get; set; } = ["FREE", "PRO", "TEAM"];

    /// <summary>The plan that needs no card.</summary>
    [Required] public string FreePlanCode { get; set; } = "FREE";

    /// <summary>How long signup waits for Cheddar's customers/new (and for each lookup) before treating the outcome as unknown.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan CheddarTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// After this long (from the start of a signup) Cheddar can no longer be processing its customers/new, so "no such
    /// customer" is final: the signup is over and nothing was charged. Until then a customer may still appear, and then
    /// its account is completed. Longer than any customers/new Cheddar might still be processing after we gave up.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan SettleTime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Signup submissions accepted per client address and minute; more get 429 (viewing the form is not limited).</summary>
    [Range(1, 10_000)]
    public int PermitsPerMinute { get; set; } = 10;

    /// <summary>How often leftovers of unfinished signups are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SettleTime < CheddarTimeout)
        {
            // Cheddar may still be creating the customer of a signup we gave up on; deciding earlier could miss it.
            yield return new ValidationResult("Signup:SettleTime must be at least Signup:CheddarTimeout.", [nameof(SettleTime)]);
        }
        if (!PlanCodes.Contains(FreePlanCode, StringComparer.OrdinalIgnoreCase))
        {
            yield return new ValidationResult("Signup:FreePlanCode must be one of Signup:PlanCodes.", [nameof(FreePlanCode)]);
        }
    }
}
