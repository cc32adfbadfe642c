using DemoSaaS.MultiInstance.Tests.Infrastructure;

namespace DemoSaaS.MultiInstance.Tests.Instances;

/// <summary>
/// Instances as on separate machines: each runs from a folder of its own (its content root), as a deployment's copies
/// do. Before keys moved into the database, each instance protected cookies and forms under its own content-root path
/// (and kept its keys in its own user's folder), so nothing one made was readable by another.
/// </summary>
public sealed class SeparateMachinesFixture : MultiInstanceFixture
{
    private readonly List<string> _folders = [];

    protected override void ConfigureInstances(Dictionary<string, string?> settings)
    {
        var folder = Directory.CreateTempSubdirectory("demosaas-instance-").FullName;
        lock (_folders)
        {
            _folders.Add(folder);
        }
        settings["contentRoot"] = folder;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var folder in _folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
