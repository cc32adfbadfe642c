using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace DemoSaaS.E2E.Infrastructure;

/// <summary>Tells <see cref="ServerCircuits"/> when a circuit opens (with its signed-in user) and closes. One per circuit.</summary>
public sealed class ServerCircuitRecorder(ServerCircuits circuits, AuthenticationStateProvider authentication) : CircuitHandler
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        circuits.Opened(circuit.Id, state.User.Identity?.Name ?? "");
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        circuits.Closed(circuit.Id);
        return Task.CompletedTask;
    }
}
