using System.ComponentModel.DataAnnotations;

namespace DemoSaaS.CheddarSandbox.Hosting;

/// <summary>The sandbox's settings, bound from the "CheddarSandbox" configuration section.</summary>
public sealed class CheddarSandboxOptions
{
    public const string SectionName = "CheddarSandbox";

    /// <summary>Basic-auth user name API callers must send.</summary>
    [Required] public string Username { get; set; } = "sandbox@demosaas.local";

    /// <summary>Basic-auth password (or API key) API callers must send.</summary>
    [Required] public string Password { get; set; } = "sandbox";

    [Required] public string ProductCode { get; set; } = "DEMOSAAS";

    /// <summary>Cheddar's product UUID, accepted as <c>productId/{id}</c>.</summary>
    [Required] public string ProductId { get; set; } = "6d3c1f0e-2b7a-4e8c-9f51-0a4d2e6b7c10";

    /// <summary>SQLite file path, or ":memory:" for a private in-memory database (tests).</summary>
    [Required] public string DatabasePath { get; set; } = "App_Data/cheddar-sandbox.db";

    /// <summary>
    /// Secret key used to sign webhook bodies (X-CG-SIGNATURE). Not configured, it is generated once per data folder
    /// (see <see cref="Webhooks.WebhookSecretStore"/>); there is deliberately no default anyone could read.
    /// </summary>
    [Required] public string WebhookSecret { get; set; } = "";

    /// <summary>When set, the <c>/sandbox/*</c> control endpoints also need <c>Authorization: Bearer &lt;token&gt;</c>
    /// (they answer loopback callers only in any case).</summary>
    public string? ControlToken { get; set; }

    /// <summary>Absolute URLs that receive every webhook event.</summary>
    public List<string> WebhookUrls { get; set; } = [];

    /// <summary>Development products allow customers/delete-all; production ones refuse it.</summary>
    public bool IsDevelopmentProduct { get; set; } = true;

    /// <summary>Dunning: days after the bill date at which a declined invoice is retried; after the last retry fails the
    /// subscription is canceled with cancelType <c>declined</c>. Comma-separated, e.g. "3,5,7".</summary>
    [Required, RegularExpression(@"^\s*\d+(\s*,\s*\d+)*\s*$")] public string DunningRetryDays { get; set; } = "3,5,7";

    public IReadOnlyList<int> RetryDays => DunningRetryDays.Split(',').Select(d => int.Parse(d.Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
}
