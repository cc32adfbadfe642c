namespace DemoSaaS.CheddarSandbox.Tests.Roadmap;

/// <summary>How a walkthrough call carries its parameters.</summary>
public enum BodyKind
{
    Json,
    Form,
}
