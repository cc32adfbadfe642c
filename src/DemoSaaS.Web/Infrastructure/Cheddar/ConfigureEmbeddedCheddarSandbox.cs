namespace DemoSaaS.Web.Infrastructure.Cheddar;

/// <summary>
/// Adjusts the embedded sandbox's host before it is built (e.g. Kestrel's listen options), after the app has
/// configured it. Register any number as singletons in the app's services; they run in registration order.
/// </summary>
/// <remarks>
/// The sandbox is a host of its own, so the app's <c>ConfigureKestrel</c> or middleware never reach it; this is the
/// one way in. The app registers none: the tests use it to put a proxy-like connection filter in front of it.
/// </remarks>
public delegate void ConfigureEmbeddedCheddarSandbox(WebApplicationBuilder sandbox);
