using DemoSaaS.Web.Data;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DemoSaaS.Web.Features.Billing.Changes;

/// <summary>
/// Each instance's one dedicated connection that <c>LISTEN</c>s for the other instances' billing changes and applies
/// them as local invalidations. A notification sent while the connection is down is lost, so everything kept is
/// forgotten when the connection is lost, at each failed attempt to listen again (at most 5 s apart) and once it
/// listens anew; the snapshots' lifetime stays as a last net.
/// In <c>pg_stat_activity</c> its connection is named <see cref="ApplicationName"/>, followed by the instance's own
/// application name when its connection string sets one (e.g. <c>demosaas-billing-changes:web-2</c>).
/// </summary>
internal sealed partial class PostgresBillingChangeListener(
    IOptions<DatabaseOptions> database,
    PostgresBillingChangeNotifier notifier,
    LocalBillingChanges local,
    ILogger<PostgresBillingChangeListener> logger) : BackgroundService
{
    public const string ApplicationName = "demosaas-billing-changes";

    // Npgsql pings an idle listening connection this often, so a connection broken without a word (a dead network path)
    // is noticed within about this time rather than at the next TCP retransmission timeout.
    private const int KeepAliveSeconds = 5;

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var configured = new NpgsqlConnectionStringBuilder(database.Value.ConnectionString);
        var name = string.IsNullOrEmpty(configured.ApplicationName) ? ApplicationName : $"{ApplicationName}:{configured.ApplicationName}";
        var connectionString = new NpgsqlConnectionStringBuilder(configured.ConnectionString)
        {
            // PostgreSQL keeps 63 bytes of it.
            ApplicationName = name.Length > 63 ? name[..63] : name,
            KeepAlive = KeepAliveSeconds,
            TcpKeepAlive = true,
            // Its own physical connection: never shared, never returned to a pool half-broken.
            Pooling = false,
        }.ConnectionString;
        var retryDelay = TimeSpan.Zero;
        var everListened = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, e) => Received(e.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {BillingChangeMessage.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                // Every change committed from now on is heard; one committed before may have been missed while not listening.
                local.ApplyAll();
                if (everListened)
                {
                    LogListeningAgain();
                }
                else
                {
                    LogListening(BillingChangeMessage.Channel, name, notifier.Origin);
                }
                everListened = true;
                retryDelay = TimeSpan.Zero;
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Any failure, not only a lost connection: an instance that cannot listen keeps serving (its snapshots
                // expire on their own), which beats stopping it. Each failure is logged; the retries back off.
                // Until it listens again, changes made elsewhere go unheard: drop what is kept now, not only on reconnect.
                local.ApplyAll();
                LogLost(ex, retryDelay);
            }
            try
            {
                await Task.Delay(retryDelay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            retryDelay = retryDelay == TimeSpan.Zero ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    private void Received(string payload)
    {
        if (!BillingChangeMessage.TryParse(payload, out var origin, out var change))
        {
            LogMalformed(payload.Length > 100 ? payload[..100] : payload);
            return;
        }
        if (origin == notifier.Origin)
        {
            // Applied here when its transaction committed (or kept deliberately: NotifyOthersAsync).
            return;
        }
        local.Apply(change);
    }

    [LoggerMessage(EventId = 4031, Level = LogLevel.Warning,
        Message = "Lost the connection that listens for billing changes; every snapshot dropped, listening again in {RetryDelay}")]
    private partial void LogLost(Exception error, TimeSpan retryDelay);

    [LoggerMessage(EventId = 4034, Level = LogLevel.Information, Message = "Listening for billing changes on {Channel} as {ApplicationName} (origin {Origin})")]
    private partial void LogListening(string channel, string applicationName, string origin);

    [LoggerMessage(EventId = 4032, Level = LogLevel.Information, Message = "Listening for billing changes again; every snapshot dropped, as changes may have been missed")]
    private partial void LogListeningAgain();

    [LoggerMessage(EventId = 4033, Level = LogLevel.Warning, Message = "Ignored a malformed billing change notification: {Payload}")]
    private partial void LogMalformed(string payload);
}
