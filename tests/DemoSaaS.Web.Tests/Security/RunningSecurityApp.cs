namespace DemoSaaS.Web.Tests.Security;

/// <summary>One started <see cref="SecurityAppFactory"/> shared by a test class, with rate limits lifted so table-driven tests are not throttled.</summary>
public sealed class RunningSecurityApp : IAsyncLifetime
{
    public SecurityAppFactory App { get; } = new(new Dictionary<string, string?>
    {
        ["Signup:PermitsPerMinute"] = "10000",
        ["Security:CredentialPermitsPerMinute"] = "10000",
        ["Billing:WebhookPermitsPerMinute"] = "10000",
    });

    public async ValueTask InitializeAsync() => await App.StartAsync();

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
