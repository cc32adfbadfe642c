namespace DemoSaaS.E2E.Infrastructure;

/// <summary>
/// A second app with its own embedded sandbox, for a journey that moves the sandbox's billing clock: the clock is
/// shared by every customer of a sandbox, so moving it in the shared app would bill other journeys' customers.
/// </summary>
public sealed class IsolatedAppServer : AppServer;
