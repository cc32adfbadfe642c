namespace DemoSaaS.Tests.Shared;

/// <summary>Polls a condition that background work (relays, webhooks, listeners, cleanup) makes true, failing after a timeout.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds} s waiting until {what}.");
            }
            await Task.Delay(50, Xunit.TestContext.Current.CancellationToken);
        }
    }
}
