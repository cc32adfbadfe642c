using DemoSaaS.Cheddar;
using DemoSaaS.CheddarSandbox.Hosting;
using DemoSaaS.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DemoSaaS.MultiInstance.Tests.Infrastructure;

/// <summary>
/// The pattern products run: several instances of the app on ONE PostgreSQL database, billing against ONE Cheddar.
/// Starts a fresh database on the test process's <see cref="PostgresCluster"/>, one standalone Cheddar sandbox (the app
/// talks to it with <c>Cheddar:Mode</c> = Real, as to the real Cheddar), and two app instances, <see cref="A"/> and
/// <see cref="B"/>. The sandbox delivers webhooks to A until a test says otherwise (<see cref="DeliverWebhooksToAsync"/>).
/// </summary>
/// <remarks>
/// Use as <c>IClassFixture&lt;MultiInstanceFixture&gt;</c> (one set per test class; tests of a class share it, so a
/// test that kills an instance or leaves a fault should undo that or live in a class of its own). For other app
/// settings, subclass and override <see cref="ConfigureInstances"/>.
/// </remarks>
public class MultiInstanceFixture : IAsyncLifetime
{
    public const string CheddarProductCode = "DEMOSAAS";
    public const string CheddarUsername = "sandbox@demosaas.local";
    public const string CheddarPassword = "sandbox";

    private readonly List<AppInstance> _instances = [];
    private readonly string _webhookSecret = $"multi-instance-{Guid.NewGuid():N}";
    private ServiceProvider? _cheddarServices;

    public PostgresCluster Cluster { get; private set; } = default!;

    /// <summary>The shared database: superuser connection string for the tests' own queries.</summary>
    public string ConnectionString { get; private set; } = default!;

    public string DatabaseName => new NpgsqlConnectionStringBuilder(ConnectionString).Database!;

    /// <summary>The standalone sandbox (in-memory): the one Cheddar every instance bills against.</summary>
    public CheddarSandboxHost Sandbox { get; private set; } = default!;

    /// <summary>The sandbox's <c>/sandbox/*</c> controls: faults, clock, webhook endpoints and log.</summary>
    public SandboxControl SandboxControl { get; private set; } = default!;

    /// <summary>The key the sandbox signs webhooks with (and every instance verifies with).</summary>
    public string WebhookSecret => _webhookSecret;

    /// <summary>The Cheddar client, pointed at the sandbox, independent of the instances (e.g. to read quantities).</summary>
    public ICheddarCustomers Cheddar => _cheddarServices!.GetRequiredService<ICheddarCustomers>();

    public AppInstance A => _instances[0];

    public AppInstance B => _instances[1];

    /// <summary>Every instance started so far, running or not, in start order.</summary>
    public IReadOnlyList<AppInstance> Instances => _instances;

    public virtual async ValueTask InitializeAsync()
    {
        Cluster = await PostgresCluster.SharedAsync();
        ConnectionString = await Cluster.CreateDatabaseAsync(GetType().Name);
        Sandbox = await CheddarSandboxHost.StartAsync(new Dictionary<string, string?>
        {
            ["CheddarSandbox:DatabasePath"] = ":memory:",
            ["CheddarSandbox:ProductCode"] = CheddarProductCode,
            ["CheddarSandbox:Username"] = CheddarUsername,
            ["CheddarSandbox:Password"] = CheddarPassword,
            ["CheddarSandbox:WebhookSecret"] = _webhookSecret,
            ["CheddarSandbox:WebhookRetrySchedule"] = "200ms,1s",
            ["Logging:LogLevel:Default"] = "Warning",
        }, cancellationToken: TestContext.Current.CancellationToken);
        SandboxControl = new SandboxControl(Sandbox.BaseAddress);
        _cheddarServices = NewCheddarClient();

        // One after the other: the first applies the migrations to the empty database, as a deployment's setup step
        // would before the instances start.
        await StartInstanceAsync("A");
        await StartInstanceAsync("B");
        await DeliverWebhooksToAsync(A);
    }

    /// <summary>
    /// Starts one more instance on the same database and sandbox (e.g. "C", or a replacement for a killed one).
    /// <paramref name="settings"/> are applied over the fixture's.
    /// </summary>
    public async Task<AppInstance> StartInstanceAsync(string? name = null, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? testServices = null)
    {
        name ??= ((char)('A' + _instances.Count)).ToString();
        // Names are at most 63 bytes; application_name as well, and it must match the role for KillAsync.
        var role = $"{DatabaseName[..Math.Min(DatabaseName.Length, 50)]}_{name}".ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(Cluster.AdminConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            // Superuser, so it may own and use whatever another instance's migrations created.
            await using var create = new NpgsqlCommand(
                $"DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN CREATE ROLE \"{role}\" SUPERUSER; END IF; END$$; "
                + $"ALTER ROLE \"{role}\" LOGIN", connection);
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        var connectionString = new NpgsqlConnectionStringBuilder(ConnectionString)
        {
            Username = role,
            ApplicationName = role,
        }.ConnectionString;

        var all = InstanceSettings(connectionString);
        ConfigureInstances(all);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var instance = new AppInstance(name, role, all, testServices);
        _instances.Add(instance);
        await Task.Run(instance.Start, TestContext.Current.CancellationToken);
        return instance;
    }

    /// <summary>Makes the sandbox deliver every webhook to exactly these instances (none: webhooks go nowhere).</summary>
    public async Task DeliverWebhooksToAsync(params AppInstance[] instances)
    {
        var wanted = instances.Select(i => i.WebhookUrl.AbsoluteUri).ToHashSet(StringComparer.Ordinal);
        foreach (var url in await SandboxControl.WebhookEndpointsAsync())
        {
            if (!wanted.Remove(url))
            {
                await SandboxControl.RemoveWebhookEndpointAsync(url);
            }
        }
        foreach (var url in wanted)
        {
            await SandboxControl.AddWebhookEndpointAsync(url);
        }
    }

    /// <summary>Cheddar's current quantity of a tracked item (e.g. "REPORTS") for a customer (code = user id).</summary>
    public async Task<decimal> QuantityAsync(string customerCode, string itemCode) =>
        (await Cheddar.GetAsync(customerCode, TestContext.Current.CancellationToken)).CurrentSubscription?.FindUsage(itemCode)?.Used ?? 0;

    /// <summary>A connection to the shared database as the superuser (not as any instance).</summary>
    public async Task<NpgsqlConnection> OpenConnectionAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }

    /// <summary>The settings every instance starts with. Override <see cref="ConfigureInstances"/> to change them.</summary>
    protected virtual Dictionary<string, string?> InstanceSettings(string connectionString) => new()
    {
        ["Database:Provider"] = "Postgres",
        ["ConnectionStrings:DefaultConnection"] = connectionString,
        ["Cheddar:Mode"] = "Real",
        ["Cheddar:BaseUrl"] = Sandbox.BaseAddress.ToString(),
        ["Cheddar:ProductCode"] = CheddarProductCode,
        ["Cheddar:Username"] = CheddarUsername,
        ["Cheddar:Password"] = CheddarPassword,
        ["Cheddar:WebhookSecret"] = _webhookSecret,
        // The billing timings of the Web tests' BillingAppFactory: seconds, not minutes.
        ["Billing:RelayInterval"] = "00:00:01",
        ["Billing:RelayCoalesceDelay"] = "00:00:00.150",
        ["Billing:RelayInitialBackoff"] = "00:00:00.200",
        ["Billing:RelayMaxBackoff"] = "00:00:01",
        ["Billing:RelaySettleTime"] = "00:00:01",
        ["Signup:CheddarTimeout"] = "00:00:05",
        ["Signup:SettleTime"] = "00:00:05",
        ["Signup:CleanupInterval"] = "00:00:00.500",
        // Every test client comes from 127.0.0.1: per-address limits would throttle the tests, not an attacker.
        ["Signup:PermitsPerMinute"] = "10000",
        ["Security:CredentialPermitsPerMinute"] = "10000",
        ["Billing:WebhookPermitsPerMinute"] = "100000",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    /// <summary>Adjusts the settings of every instance this fixture starts (a subclass's hook).</summary>
    protected virtual void ConfigureInstances(Dictionary<string, string?> settings)
    {
    }

    /// <summary>Bars an instance's role from the database and ends its sessions: the database side of a crash.</summary>
    internal async Task BarInstanceAsync(AppInstance instance)
    {
        await using (var connection = new NpgsqlConnection(Cluster.AdminConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var bar = new NpgsqlCommand($"ALTER ROLE \"{instance.ApplicationName}\" NOLOGIN", connection);
            await bar.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        await Cluster.TerminateConnectionsAsync(DatabaseName, instance.ApplicationName, TestContext.Current.CancellationToken);
    }

    private ServiceProvider NewCheddarClient()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cheddar:BaseUrl"] = Sandbox.BaseAddress.ToString(),
            ["Cheddar:ProductCode"] = CheddarProductCode,
            ["Cheddar:Username"] = CheddarUsername,
            ["Cheddar:Password"] = CheddarPassword,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCheddar(configuration);
        return services.BuildServiceProvider();
    }

    public virtual async ValueTask DisposeAsync()
    {
        // Instances first (their relays may still call the sandbox), then the sandbox, then the database.
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
        if (_cheddarServices is not null)
        {
            await _cheddarServices.DisposeAsync();
        }
        SandboxControl?.Dispose();
        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }
        if (ConnectionString is not null)
        {
            foreach (var instance in _instances)
            {
                using var pooled = new NpgsqlConnection(instance.ConnectionString);
                NpgsqlConnection.ClearPool(pooled);
            }
            await Cluster.DropDatabaseAsync(ConnectionString);
            await DropRolesAsync();
        }
        GC.SuppressFinalize(this);
    }

    private async Task DropRolesAsync()
    {
        await using var connection = new NpgsqlConnection(Cluster.AdminConnectionString);
        await connection.OpenAsync();
        foreach (var instance in _instances)
        {
            await using var drop = new NpgsqlCommand($"DROP ROLE IF EXISTS \"{instance.ApplicationName}\"", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
