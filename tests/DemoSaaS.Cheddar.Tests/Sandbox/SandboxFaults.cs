using System.Net.Http.Json;
using System.Text.Json;

namespace DemoSaaS.Cheddar.Tests.Sandbox;

/// <summary>The sandbox's fault injection (POST/GET/DELETE /sandbox/faults), as its README documents it.</summary>
internal sealed class SandboxFaults(HttpClient control)
{
    public async Task AddAsync(object fault)
    {
        using var response = await control.PostAsJsonAsync("/sandbox/faults", fault, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>How many hits the active faults still have (0 when every fault was used up).</summary>
    public async Task<int> RemainingAsync()
    {
        using var document = JsonDocument.Parse(await control.GetStringAsync("/sandbox/faults", TestContext.Current.CancellationToken));
        return document.RootElement.GetProperty("faults").EnumerateArray()
            .Sum(f => f.GetProperty("remaining").ValueKind == JsonValueKind.Number ? f.GetProperty("remaining").GetInt32() : 1);
    }

    public async Task ClearAsync()
    {
        using var response = await control.DeleteAsync("/sandbox/faults", TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
