using DemoSaaS.Cheddar;
using DemoSaaS.CheddarSandbox.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.HostFiltering;
using DemoSaaS.Web.Infrastructure.Cheddar;

namespace Microsoft.Extensions.DependencyInjection;

public static class CheddarSandboxHostingExtensions
{
    /// <summary>
    /// With <c>Cheddar:Mode</c> = Sandbox (the default in Development; elsewhere only when explicitly allowed, see
    /// <see cref="CheddarModeSetting"/>), starts the local Cheddar sandbox in-process on its own
    /// loopback listener and points the <c>Cheddar:*</c> client settings at it, so the client talks real HTTP — unless
    /// <c>Cheddar:SandboxUrl</c> names an already-running standalone sandbox, which several instances then share
    /// (<see cref="StandaloneCheddarSandbox"/>). With Real, does nothing: no sandbox and no <c>/sandbox/*</c> endpoints exist.
    /// </summary>
    public static WebApplicationBuilder AddEmbeddedCheddarSandbox(this WebApplicationBuilder builder)
    {
        var mode = CheddarModeSetting.Read(builder.Configuration, builder.Environment);
        if (mode == CheddarMode.Real)
        {
            return builder;
        }
        // Sandbox is allowed here (issue 15's rules above); from now on only where it runs is decided.
        AllowSandboxWebhooksFromLoopback(builder.Services);
        if (StandaloneCheddarSandbox.Read(builder.Configuration) is { } standalone)
        {
            standalone.Configure(builder);
            return builder;
        }

        var section = builder.Configuration.GetSection(CheddarSandboxOptions.SectionName);
        var options = section.Get<CheddarSandboxOptions>() ?? new CheddarSandboxOptions();
        var settings = section.AsEnumerable()
            .Where(pair => pair.Value is not null)
            .ToDictionary(pair => pair.Key, pair => pair.Value);
        // A relative database path lives under the app's content root (App_Data/), not the process's working directory.
        if (options.DatabasePath != ":memory:" && !Path.IsPathRooted(options.DatabasePath))
        {
            settings[$"{CheddarSandboxOptions.SectionName}:{nameof(CheddarSandboxOptions.DatabasePath)}"] =
                Path.Combine(builder.Environment.ContentRootPath, options.DatabasePath);
        }
        // The app logs the sandbox's address itself; the sandbox host's own "Now listening" lines would read like a second app.
        settings.TryAdd("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning");
        var url = builder.Configuration[$"{CheddarSandboxOptions.SectionName}:Url"] is { Length: > 0 } configured
            ? configured
            : "http://127.0.0.1:0";

        // Everything but the port is known now; the sandbox itself starts after the app's host is built.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cheddar:Mode"] = nameof(CheddarMode.Sandbox),
            ["Cheddar:ProductCode"] = options.ProductCode,
            ["Cheddar:Username"] = options.Username,
            ["Cheddar:Password"] = options.Password,
        });
        builder.Services.AddSingleton(services => new EmbeddedCheddarSandbox(
            settings, url, services.GetRequiredService<IServer>(), services.GetRequiredService<ILogger<EmbeddedCheddarSandbox>>(),
            services.GetRequiredService<ILoggerFactory>(), services.GetServices<ConfigureEmbeddedCheddarSandbox>()));
        builder.Services.AddHostedService(services => services.GetRequiredService<EmbeddedCheddarSandbox>());
        builder.Services.AddOptions<CheddarOptions>().PostConfigure<EmbeddedCheddarSandbox, IConfiguration>((cheddar, sandbox, configuration) =>
        {
            cheddar.BaseUrl = sandbox.BaseAddress;
            cheddar.ProductCode = options.ProductCode;
            cheddar.Username = options.Username;
            cheddar.Password = options.Password;
            // The sandbox's own key (configured, or generated for its data folder): the app verifies what the sandbox signs.
            cheddar.WebhookSecret = sandbox.WebhookSecret;
            // For code that reads the setting rather than the options.
            configuration["Cheddar:BaseUrl"] = sandbox.BaseAddress.ToString();
        });
        return builder;
    }

    /// <summary>The sandbox delivers webhooks to the app on 127.0.0.1, which a host list from App:PublicBaseUrl would refuse.</summary>
    private static void AllowSandboxWebhooksFromLoopback(IServiceCollection services) =>
        services.PostConfigure<HostFilteringOptions>(hosts =>
        {
            if (!hosts.AllowedHosts.Contains("*") && !hosts.AllowedHosts.Contains("127.0.0.1"))
            {
                hosts.AllowedHosts = [.. hosts.AllowedHosts, "127.0.0.1"];
            }
        });
}
