using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DemoSaaS.CheddarSandbox.Hosting;

namespace DemoSaaS.CheddarSandbox.Tests;

/// <summary>Small helpers for the sandbox's /sandbox/* JSON control endpoints.</summary>
public static class SandboxControlClient
{
    public static HttpClient CreateClient(this CheddarSandboxHost host) => new() { BaseAddress = host.BaseAddress };

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.ReadJsonAsync();
    }

    public static async Task<JsonElement[]> DeliveriesAsync(this HttpClient client) =>
        [.. (await client.GetJsonAsync("/sandbox/webhooks")).GetProperty("deliveries").EnumerateArray()];
}
