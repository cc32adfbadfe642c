namespace DemoSaaS.CheddarSandbox.Tests;

/// <summary>Polls a condition that background work (webhook delivery) makes true, failing with a message after a timeout.</summary>
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
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }
    }
}
