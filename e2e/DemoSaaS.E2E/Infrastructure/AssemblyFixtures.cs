using DemoSaaS.E2E.Infrastructure;

// One app (with its embedded sandbox) and one Chromium for the whole suite; every journey has its own user and context.
[assembly: AssemblyFixture(typeof(AppServer))]
[assembly: AssemblyFixture(typeof(BrowserSession))]
