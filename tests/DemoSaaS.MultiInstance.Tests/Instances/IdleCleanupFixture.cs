using DemoSaaS.MultiInstance.Tests.Infrastructure;

namespace DemoSaaS.MultiInstance.Tests.Instances;

/// <summary>
/// A and B never look for unfinished signups after their start (an hour's interval), so a test decides which instances
/// do: it starts its own with a short interval and its log captured.
/// </summary>
public sealed class IdleCleanupFixture : MultiInstanceFixture
{
    protected override void ConfigureInstances(Dictionary<string, string?> settings) =>
        settings["Signup:CleanupInterval"] = "01:00:00";

    /// <summary>Settings for an instance whose cleanup looks every 100 ms and logs what it settles.</summary>
    public static IReadOnlyDictionary<string, string?> BusyCleanup { get; } = new Dictionary<string, string?>
    {
        ["Signup:CleanupInterval"] = "00:00:00.100",
        ["Logging:LogLevel:DemoSaaS.Web.Features.Signup"] = "Information",
    };
}
