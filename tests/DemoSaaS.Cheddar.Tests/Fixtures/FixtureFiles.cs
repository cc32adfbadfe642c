namespace DemoSaaS.Cheddar.Tests.Fixtures;

/// <summary>Our own fixtures, written from the shapes Cheddar's reference documents (copied next to the test binary).</summary>
internal static class FixtureFiles
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static Stream Open(string name) => File.OpenRead(PathOf(name));

    public static string Text(string name) => File.ReadAllText(PathOf(name));

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));
}
