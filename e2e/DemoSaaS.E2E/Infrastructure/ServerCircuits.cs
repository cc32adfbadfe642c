using System.Collections.Concurrent;

namespace DemoSaaS.E2E.Infrastructure;

/// <summary>
/// The app's open interactive circuits and whose they are, as the server sees them (recorded by
/// <see cref="ServerCircuitRecorder"/>, which the test host adds): a paused tab has none left on the server.
/// </summary>
public sealed class ServerCircuits
{
    private readonly ConcurrentDictionary<string, string> _userByCircuit = new(StringComparer.Ordinal);

    public void Opened(string circuitId, string user) => _userByCircuit[circuitId] = user;

    public void Closed(string circuitId) => _userByCircuit.TryRemove(circuitId, out _);

    /// <summary>How many circuits of the signed-in user (by user name, the email) the server holds now.</summary>
    public int OpenFor(string userName) => _userByCircuit.Values.Count(u => string.Equals(u, userName, StringComparison.OrdinalIgnoreCase));

    /// <summary>Waits (up to 15 s) until the server holds <paramref name="expected"/> circuits of the user; fails with the count it saw.</summary>
    public async Task ExpectOpenForAsync(string userName, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (OpenFor(userName) != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        Assert.True(OpenFor(userName) == expected, $"The server holds {OpenFor(userName)} circuit(s) of {userName}; expected {expected}.");
    }
}
