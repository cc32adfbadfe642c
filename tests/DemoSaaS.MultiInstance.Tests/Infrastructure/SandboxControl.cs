using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace DemoSaaS.MultiInstance.Tests.Infrastructure;

/// <summary>
/// The standalone sandbox's <c>/sandbox/*</c> JSON controls (see the sandbox's README): fault injection, the billing
/// clock, webhook endpoints and the webhook delivery log.
/// </summary>
public sealed class SandboxControl(Uri sandboxBaseAddress) : IDisposable
{
    private readonly HttpClient _client = new() { BaseAddress = sandboxBaseAddress };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The raw client, for controls without a helper here.</summary>
    public HttpClient Client => _client;

    /// <summary>Injects a fault, e.g. <c>{"path":"customers/add-item-quantity","kind":"hang","count":1}</c>; returns its id.</summary>
    public async Task<int> AddFaultAsync(string faultJson)
    {
        using var response = await _client.PostAsync("/sandbox/faults", Json(faultJson), Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.IsSuccessStatusCode, $"The sandbox refused the fault {faultJson}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt32();
    }

    public async Task ClearFaultsAsync()
    {
        using var response = await _client.DeleteAsync("/sandbox/faults", Cancel);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The sandbox's now.</summary>
    public async Task<DateTimeOffset> NowAsync()
    {
        var clock = await _client.GetFromJsonAsync<JsonElement>("/sandbox/clock", Cancel);
        return DateTimeOffset.Parse(clock.GetProperty("now").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Moves the sandbox's clock forward (running the billing that falls due), e.g. <c>{"days":31}</c>.</summary>
    public async Task<JsonElement> AdvanceClockAsync(string advanceJson)
    {
        using var response = await _client.PostAsync("/sandbox/clock/advance", Json(advanceJson), Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.IsSuccessStatusCode, $"The sandbox refused to advance its clock by {advanceJson}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Every webhook delivery the sandbox made or is making, oldest first (activityType, url, status, body, ...).</summary>
    public async Task<IReadOnlyList<JsonElement>> WebhookDeliveriesAsync()
    {
        var log = await _client.GetFromJsonAsync<JsonElement>("/sandbox/webhooks", Cancel);
        return [.. log.GetProperty("deliveries").EnumerateArray().Select(d => d.Clone())];
    }

    /// <summary>The URLs webhooks are delivered to.</summary>
    public async Task<IReadOnlyList<string>> WebhookEndpointsAsync()
    {
        var endpoints = await _client.GetFromJsonAsync<JsonElement>("/sandbox/webhooks/endpoints", Cancel);
        return [.. endpoints.GetProperty("endpoints").EnumerateArray().Select(e => e.GetProperty("url").GetString()!)];
    }

    public async Task AddWebhookEndpointAsync(string url)
    {
        using var response = await _client.PostAsync("/sandbox/webhooks/endpoints", Json(JsonSerializer.Serialize(new { url })), Cancel);
        response.EnsureSuccessStatusCode();
    }

    public async Task RemoveWebhookEndpointAsync(string url)
    {
        using var response = await _client.DeleteAsync($"/sandbox/webhooks/endpoints?url={Uri.EscapeDataString(url)}", Cancel);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _client.Dispose();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
