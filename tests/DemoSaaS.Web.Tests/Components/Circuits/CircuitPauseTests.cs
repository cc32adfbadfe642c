using System.Net;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Tests.Components.Circuits;

/// <summary>
/// Circuits:* settings: the page tells the browser when a hidden tab pauses its circuit, the framework keeps paused
/// circuits as configured, and a setting that cannot work stops the app at start with its name.
/// (The pause and resume themselves are proven in the browser: e2e HiddenTabPauseJourney.)
/// </summary>
public sealed class CircuitPauseTests
{
    [Fact]
    public async Task By_default_a_tab_hidden_for_a_minute_pauses_and_paused_state_is_kept_two_hours_for_up_to_1000_tabs()
    {
        await using var app = new DemoSaaSWebFactory();
        using var client = app.CreateClient();

        var page = await client.GetStringAsync("/", TestContext.Current.CancellationToken);

        Assert.Contains("data-pause-hidden-after-ms=\"60000\"", page);
        var circuits = app.Services.GetRequiredService<IOptions<CircuitOptions>>().Value;
        Assert.Equal((TimeSpan.FromHours(2), 1000), (circuits.PersistedCircuitInMemoryRetentionPeriod, circuits.PersistedCircuitInMemoryMaxRetained));
    }

    [Fact]
    public async Task Configured_values_reach_the_page_and_the_framework()
    {
        await using var app = new DemoSaaSWebFactory().WithWebHostBuilder(builder => builder
            .UseSetting("Circuits:PauseHiddenAfter", "00:05:00")
            .UseSetting("Circuits:PausedStateRetention", "08:00:00")
            .UseSetting("Circuits:MaxPausedCircuits", "250"));
        using var client = app.CreateClient();

        var page = await client.GetStringAsync("/", TestContext.Current.CancellationToken);

        Assert.Contains("data-pause-hidden-after-ms=\"300000\"", page);
        var circuits = app.Services.GetRequiredService<IOptions<CircuitOptions>>().Value;
        Assert.Equal((TimeSpan.FromHours(8), 250), (circuits.PersistedCircuitInMemoryRetentionPeriod, circuits.PersistedCircuitInMemoryMaxRetained));
    }

    [Theory]
    [InlineData("Circuits:PauseHiddenAfter", "00:00:00", "Circuits:PauseHiddenAfter")]
    [InlineData("Circuits:PauseHiddenAfter", "03:00:00", "shorter than Circuits:PausedStateRetention")]
    [InlineData("Circuits:MaxPausedCircuits", "0", "Circuits:MaxPausedCircuits")]
    public void A_setting_that_cannot_work_stops_the_app_with_a_message_naming_it(string key, string value, string message)
    {
        using var bad = new DemoSaaSWebFactory().WithWebHostBuilder(builder => builder.UseSetting(key, value));

        var error = Assert.ThrowsAny<Exception>(() => bad.CreateClient());

        Assert.Contains(message, error.ToString());
    }

    [Fact]
    public async Task The_reconnect_dialog_is_in_the_static_page_not_in_a_circuit()
    {
        await using var app = new DemoSaaSWebFactory();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/", TestContext.Current.CancellationToken);
        var page = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"components-reconnect-modal\"", page);
        Assert.Contains("Components/Layout/ReconnectModal.razor", page);
    }
}
