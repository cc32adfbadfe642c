using DemoSaaS.Web.Components.Circuits;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class CircuitPauseServiceCollectionExtensions
{
    /// <summary>
    /// Hidden tabs pause their circuits (Components/Layout/ReconnectModal.razor.js reads <c>Circuits:PauseHiddenAfter</c>
    /// from the page) and the framework keeps their state for <c>Circuits:PausedStateRetention</c>, at most
    /// <c>Circuits:MaxPausedCircuits</c> of them, in this instance's memory.
    /// </summary>
    public static WebApplicationBuilder AddCircuitPause(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CircuitPauseOptions>()
            .BindConfiguration(CircuitPauseOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<CircuitOptions>()
            .Configure<IOptions<CircuitPauseOptions>>((circuits, pause) =>
            {
                circuits.PersistedCircuitInMemoryRetentionPeriod = pause.Value.PausedStateRetention;
                circuits.PersistedCircuitInMemoryMaxRetained = pause.Value.MaxPausedCircuits;
            });
        return builder;
    }
}
