namespace DemoSaaS.CheddarSandbox;

/// <summary>Standalone entry point: <c>dotnet run --project src/DemoSaaS.CheddarSandbox</c>.</summary>
public static class SandboxProgram
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:5080");
        }
        builder.Services.AddCheddarSandbox(builder.Configuration);
        var app = builder.Build();
        app.MapCheddarSandbox();
        app.Run();
    }
}
