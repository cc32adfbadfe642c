namespace DemoSaaS.Web.Infrastructure.Cheddar;

/// <summary>Which Cheddar the app talks to; configuration key <c>Cheddar:Mode</c>.</summary>
public enum CheddarMode
{
    /// <summary>The embedded local sandbox on its own loopback port (the default: no account needed).</summary>
    Sandbox,

    /// <summary>The real Cheddar at <c>Cheddar:BaseUrl</c>; no sandbox endpoints exist.</summary>
    Real,
}
