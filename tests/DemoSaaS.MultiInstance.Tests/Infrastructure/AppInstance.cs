using System.Net;
using DemoSaaS.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DemoSaaS.MultiInstance.Tests.Infrastructure;

/// <summary>
/// One instance of the whole app (DemoSaaS.Web) on its own loopback Kestrel port, on the fixture's shared PostgreSQL
/// database and Cheddar sandbox. Its database sessions log in as a role of its own and are named
/// <see cref="ApplicationName"/> in pg_stat_activity, so a test can kill exactly this instance's sessions.
/// </summary>
public sealed class AppInstance : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _testServices;
    private IHost? _host;
    private int _stopped;

    internal AppInstance(string name, string applicationName, IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? testServices)
    {
        Name = name;
        ApplicationName = applicationName;
        _settings = settings;
        _testServices = testServices;
    }

    /// <summary>"A", "B", ... as the fixture named it.</summary>
    public string Name { get; }

    /// <summary>This instance's application_name in pg_stat_activity (and its database role).</summary>
    public string ApplicationName { get; }

    /// <summary>The connection string this instance uses (its own role and application name).</summary>
    public string ConnectionString => _settings["ConnectionStrings:DefaultConnection"]!;

    /// <summary>Root URL of its Kestrel listener, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress => ClientOptions.BaseAddress;

    /// <summary>Where the Cheddar sandbox delivers webhooks to reach this instance.</summary>
    public Uri WebhookUrl => new(BaseAddress, "webhooks/cheddar");

    /// <summary>False once <see cref="KillAsync"/> or <see cref="StopAsync"/> ended it.</summary>
    public bool IsRunning => Volatile.Read(ref _stopped) == 0;

    /// <summary>
    /// A client for this instance over real loopback HTTP that keeps cookies and does not follow redirects (assert on
    /// them instead). Pass one <paramref name="cookies"/> jar to clients of several instances to act as one browser
    /// behind a balancer: cookies are per host, not per port, so each instance sees the others' cookies.
    /// </summary>
    public HttpClient CreateBrowserClient(CookieContainer? cookies = null) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies ?? new CookieContainer() })
        {
            BaseAddress = BaseAddress,
        };

    /// <summary>Runs <paramref name="work"/> with a scoped <see cref="ApplicationDbContext"/> of this instance.</summary>
    public async Task<T> WithDbAsync<T>(Func<ApplicationDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ApplicationDbContext>());
    }

    /// <summary>Runs <paramref name="work"/> with a service of this instance resolved in a fresh scope (e.g. ReportService).</summary>
    public async Task<TResult> WithServiceAsync<TService, TResult>(Func<TService, Task<TResult>> work)
        where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    internal AppInstance Start()
    {
        // A port-0 URL setting (ConfigureWebHost) instead of UseKestrel(0): with a port, the factory rewrites the
        // server's addresses after the host is built, which races the app's own start.
        UseKestrel();
        StartServer();
        return this;
    }

    /// <summary>
    /// Ends this instance the way kill -9 would, as far as anything outside it can tell: its database role is barred
    /// from logging in and its sessions are terminated (so its advisory locks and LISTENs die with them, and nothing
    /// it still runs in this process can write again), then its host is stopped without waiting for background work.
    /// </summary>
    /// <remarks>
    /// In-process, code of the dead instance can still be running for a moment (e.g. an HTTP call to the sandbox
    /// that was already sent); what it cannot do is reach the database, which is what another instance relies on.
    /// </remarks>
    public async Task KillAsync(MultiInstanceFixture fixture)
    {
        await fixture.BarInstanceAsync(this);
        await StopHostAsync(abruptly: true);
    }

    /// <summary>Stops this instance gracefully (background services finish their current step).</summary>
    public Task StopAsync() => StopHostAsync(abruptly: false);

    private async Task StopHostAsync(bool abruptly)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        if (abruptly && _host is null)
        {
            throw new InvalidOperationException($"Instance {Name} never started, or its host was not captured: nothing to kill.");
        }
        if (_host is { } host)
        {
            // A canceled token: hosted services are told to stop and not waited for.
            using var timeout = abruptly ? new CancellationTokenSource() : new CancellationTokenSource(TimeSpan.FromSeconds(30));
            if (abruptly)
            {
                await timeout.CancelAsync();
            }
            try
            {
                await host.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (abruptly)
            {
            }
        }
        await base.DisposeAsync();
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        _host = host;
        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (_testServices is not null)
        {
            builder.ConfigureTestServices(_testServices);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await StopHostAsync(abruptly: false);
        GC.SuppressFinalize(this);
    }
}
