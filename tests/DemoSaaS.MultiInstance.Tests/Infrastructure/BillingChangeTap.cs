using System.Collections.Concurrent;
using Npgsql;

namespace DemoSaaS.MultiInstance.Tests.Infrastructure;

/// <summary>
/// The test's own LISTEN on the channel the instances notify each other on: what went over the wire, whichever
/// instance sent it. Payloads are "&lt;origin&gt;:&lt;kind&gt;:&lt;customer code&gt;".
/// </summary>
public sealed class BillingChangeTap : IAsyncDisposable
{
    public const string Channel = "demosaas_billing_changes";

    private readonly NpgsqlConnection _connection;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _payloads = new();
    private Task _loop = Task.CompletedTask;

    private BillingChangeTap(NpgsqlConnection connection) => _connection = connection;

    public static async Task<BillingChangeTap> StartAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = "test-tap" }.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var tap = new BillingChangeTap(connection);
        connection.Notification += (_, e) => tap._payloads.Enqueue(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        tap._loop = tap.WaitLoopAsync();
        return tap;
    }

    /// <summary>The notifications heard so far that concern <paramref name="customerCode"/>.</summary>
    public IReadOnlyList<string> For(string customerCode) =>
        [.. _payloads.Where(p => p.EndsWith(":" + customerCode, StringComparison.Ordinal))];

    private async Task WaitLoopAsync()
    {
        try
        {
            while (true)
            {
                await _connection.WaitAsync(_stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        await _connection.DisposeAsync();
        _stop.Dispose();
    }
}
