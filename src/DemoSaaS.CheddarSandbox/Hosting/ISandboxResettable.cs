namespace DemoSaaS.CheddarSandbox.Hosting;

/// <summary>State that POST /sandbox/reset wipes: every registered implementation is reset in turn.</summary>
public interface ISandboxResettable
{
    Task ResetAsync(CancellationToken cancellationToken = default);
}
