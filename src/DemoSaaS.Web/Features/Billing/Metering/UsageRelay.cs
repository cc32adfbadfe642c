using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>
/// Delivers the usage outbox to Cheddar in the background: right after uses are committed (signal, with a short
/// pause so uses arriving together share one call), on an interval, and when a delayed retry is due. Every instance
/// runs one; <see cref="UsageDelivery"/> makes sure each customer's uses are sent by one relay at a time.
/// </summary>
internal sealed partial class UsageRelay(
    IServiceScopeFactory scopes,
    UsageRelaySignal signal,
    IOptions<BillingOptions> options,
    ILogger<UsageRelay> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var afterRestart = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan? untilNext = null;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                untilNext = await scope.ServiceProvider.GetRequiredService<UsageDelivery>().FlushAsync(afterRestart, stoppingToken);
                afterRestart = false;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The outbox is durable; the next flush starts over from the database.
                LogFlushFailed(ex);
            }

            // The delivery measured it on the database's clock (a retry another instance scheduled is due by that clock).
            var wait = options.Value.RelayInterval;
            if (untilNext is { } due && due < wait)
            {
                wait = due < TimeSpan.Zero ? TimeSpan.Zero : due;
            }
            try
            {
                if (await signal.WaitAsync(wait, stoppingToken))
                {
                    await CoalesceAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Waits while uses keep arriving (each signal within the coalescing delay extends the wait, up to four delays),
    /// so a burst of uses becomes one call per customer and item.
    /// </summary>
    private async Task CoalesceAsync(CancellationToken stoppingToken)
    {
        var delay = options.Value.RelayCoalesceDelay;
        for (var round = 0; round < 4 && delay > TimeSpan.Zero; round++)
        {
            if (!await signal.WaitAsync(delay, stoppingToken))
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Error, Message = "Usage relay flush failed; retrying on the next interval")]
    private partial void LogFlushFailed(Exception error);
}
