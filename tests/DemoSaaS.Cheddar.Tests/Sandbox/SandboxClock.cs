using System.Net.Http.Json;
using System.Text.Json;

namespace DemoSaaS.Cheddar.Tests.Sandbox;

/// <summary>The sandbox's billing clock (GET /sandbox/clock, POST /sandbox/clock/advance).</summary>
internal sealed class SandboxClock(HttpClient control)
{
    public async Task<DateTimeOffset> NowAsync()
    {
        using var document = JsonDocument.Parse(await control.GetStringAsync("/sandbox/clock", TestContext.Current.CancellationToken));
        return DateTimeOffset.Parse(document.RootElement.GetProperty("now").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Moves the clock forward; the sandbox bills everything that falls due on the way.</summary>
    public async Task<DateTimeOffset> AdvanceDaysAsync(double days)
    {
        using var response = await control.PostAsJsonAsync("/sandbox/clock/advance", new { days }, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, text);
        using var document = JsonDocument.Parse(text);
        return DateTimeOffset.Parse(document.RootElement.GetProperty("now").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }
}
