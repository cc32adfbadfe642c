using System.Globalization;
using System.Text.Json;
using DemoSaaS.CheddarSandbox.Hosting;

namespace DemoSaaS.CheddarSandbox.Tests.Billing;

/// <summary>A sandbox whose webhooks go to a real loopback receiver, and whose clock tests move through /sandbox/clock/advance.</summary>
public sealed class BillingSandbox : IAsyncLifetime
{
    private CheddarSandboxHost? _host;

    public WebhookReceiver Receiver { get; private set; } = null!;

    public CheddarHttp Cheddar { get; private set; } = null!;

    public HttpClient Control { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        _host = await CheddarSandboxHost.StartAsync(new Dictionary<string, string?>
        {
            ["CheddarSandbox:DatabasePath"] = ":memory:",
            ["CheddarSandbox:WebhookUrls:0"] = Receiver.Url.AbsoluteUri,
            ["CheddarSandbox:WebhookRetrySchedule"] = "50ms",
        });
        Control = _host.CreateClient();
        var api = _host.CreateClient();
        api.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("sandbox@demosaas.local:sandbox"u8.ToArray()));
        Cheddar = new CheddarHttp(api);
    }

    public async Task AdvanceDaysAsync(double days)
    {
        using var response = await Control.PostJsonAsync("/sandbox/clock/advance", $$"""{"days": {{days.ToString(CultureInfo.InvariantCulture)}}}""");
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Webhook bodies received so far for one customer code, in arrival order.</summary>
    public IReadOnlyList<JsonElement> EventsFor(string customerCode) =>
        Receiver.Received
            .Select(r => JsonDocument.Parse(r.Body).RootElement)
            .Where(e => e.GetProperty("customer").GetProperty("code").GetString() == customerCode)
            .ToList();

    public async Task<IReadOnlyList<JsonElement>> WaitForEventsAsync(string customerCode, int count)
    {
        await Eventually.TrueAsync(() => Task.FromResult(EventsFor(customerCode).Count >= count), TimeSpan.FromSeconds(10), $"{count} webhooks for {customerCode}");
        return EventsFor(customerCode);
    }

    public async ValueTask DisposeAsync()
    {
        Cheddar?.Dispose();
        Control?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        if (Receiver is not null)
        {
            await Receiver.DisposeAsync();
        }
    }
}
