namespace DemoSaaS.Benchmarks.Infrastructure;

/// <summary>The checkout this program was built from: the folder holding DemoSaaS.sln above the program's output.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DemoSaaS.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"No DemoSaaS.sln above {AppContext.BaseDirectory}.");
    }
}
