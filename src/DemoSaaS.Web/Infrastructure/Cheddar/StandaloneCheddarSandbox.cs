using DemoSaaS.Cheddar;
using DemoSaaS.CheddarSandbox.Hosting;

namespace DemoSaaS.Web.Infrastructure.Cheddar;

/// <summary>
/// <c>Cheddar:Mode</c> = Sandbox with <c>Cheddar:SandboxUrl</c>: the app uses a sandbox that already runs on its own
/// (<c>dotnet run --project src/DemoSaaS.CheddarSandbox</c>) instead of embedding one. An embedded sandbox lives and
/// dies with one process and keeps its own customers, so several instances need one sandbox they all call; the
/// Development features that need the sandbox (demo users, /dev/cheddar, the test cards) then work on every instance.
/// </summary>
/// <remarks>
/// The app cannot read the standalone sandbox's settings, so they come from configuration: <c>Cheddar:ProductCode</c>,
/// <c>Cheddar:Username</c> and <c>Cheddar:Password</c> default to the sandbox's own defaults (it simulates billing, so
/// they guard nothing real), while <c>Cheddar:WebhookSecret</c> is required: the sandbox generates its key per data
/// folder unless <c>CheddarSandbox:WebhookSecret</c> sets it, and a published default would let anyone sign a webhook.
/// The app registers no webhook URL with it: the sandbox's <c>CheddarSandbox:WebhookUrls</c> names the balancer, so
/// each event is delivered once, to whichever instance the balancer picks.
/// </remarks>
public sealed class StandaloneCheddarSandbox
{
    public const string SandboxUrlKey = "Cheddar:SandboxUrl";

    private StandaloneCheddarSandbox(Uri url) => Url = url;

    /// <summary>The standalone sandbox's root URL (Cheddar's API under <c>/xml/</c>).</summary>
    public Uri Url { get; }

    /// <summary>The configured standalone sandbox, or null to embed one. Throws with a one-line reason for a bad setting.</summary>
    public static StandaloneCheddarSandbox? Read(IConfiguration configuration)
    {
        var text = configuration[SandboxUrlKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"{SandboxUrlKey} must be the absolute http(s) URL of a running Cheddar sandbox, not '{text}'.");
        }
        if (string.IsNullOrWhiteSpace(configuration["Cheddar:WebhookSecret"]))
        {
            throw new InvalidOperationException(
                $"{SandboxUrlKey} is set, so Cheddar:WebhookSecret must be set too: give the sandbox and every instance the same key "
                + "(CheddarSandbox:WebhookSecret for the sandbox), or the app cannot verify the sandbox's webhooks.");
        }
        return new StandaloneCheddarSandbox(url);
    }

    /// <summary>Points the Cheddar client at the standalone sandbox, with the sandbox's default credentials where none are configured.</summary>
    public void Configure(WebApplicationBuilder builder)
    {
        var defaults = new CheddarSandboxOptions();
        var configuration = builder.Configuration;
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{CheddarOptions.SectionName}:{nameof(CheddarOptions.BaseUrl)}"] = Url.ToString(),
            [$"{CheddarOptions.SectionName}:{nameof(CheddarOptions.ProductCode)}"] = OrDefault(configuration["Cheddar:ProductCode"], defaults.ProductCode),
            [$"{CheddarOptions.SectionName}:{nameof(CheddarOptions.Username)}"] = OrDefault(configuration["Cheddar:Username"], defaults.Username),
            [$"{CheddarOptions.SectionName}:{nameof(CheddarOptions.Password)}"] = OrDefault(configuration["Cheddar:Password"], defaults.Password),
        });
        builder.Services.AddSingleton(this);
    }

    private static string OrDefault(string? configured, string fallback) => string.IsNullOrWhiteSpace(configured) ? fallback : configured;
}
