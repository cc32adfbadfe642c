using DemoSaaS.CheddarSandbox.Hosting;
using DemoSaaS.CheddarSandbox.Webhooks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

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
        // A relative database path lives under the content root (the project folder under `dotnet run`), not wherever the shell is.
        var databaseKey = $"{CheddarSandboxOptions.SectionName}:{nameof(CheddarSandboxOptions.DatabasePath)}";
        var databasePath = builder.Configuration[databaseKey] ?? new CheddarSandboxOptions().DatabasePath;
        if (databasePath != ":memory:" && !Path.IsPathRooted(databasePath))
        {
            builder.Configuration[databaseKey] = Path.Combine(builder.Environment.ContentRootPath, databasePath);
        }
        builder.Services.AddCheddarSandbox(builder.Configuration);
        var app = builder.Build();
        app.MapCheddarSandbox();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var options = app.Services.GetRequiredService<IOptions<CheddarSandboxOptions>>().Value;
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            // Console, not the logger: this banner is the program's user interface. The password is the sandbox's own, not a secret.
            Console.WriteLine($"""
                Cheddar sandbox listening on {address}
                  API:          {address}/xml/plans/get/productCode/{options.ProductCode}
                  Credentials:  {options.Username} / {options.Password}   (HTTP Basic)
                  Product code: {options.ProductCode}   (productId {options.ProductId})
                  Database:     {Path.GetFullPath(options.DatabasePath)}
                  Control:      GET {address}/sandbox/health, POST {address}/sandbox/reset   (from this machine only{(options.ControlToken is { Length: > 0 } ? ", with the control token" : "")})
                  Webhooks:     signed with {(WebhookSecretStore.PathFor(options) is { } secretFile && builder.Configuration[$"{CheddarSandboxOptions.SectionName}:WebhookSecret"] is not { Length: > 0 } ? $"the key in {secretFile}" : "CheddarSandbox:WebhookSecret")}
                """);
        });
        app.Run();
    }
}
