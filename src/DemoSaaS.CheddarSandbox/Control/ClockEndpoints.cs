using System.Globalization;
using DemoSaaS.CheddarSandbox.Billing;

namespace DemoSaaS.CheddarSandbox.Control;

/// <summary>
/// GET /sandbox/clock and POST /sandbox/clock/advance. Advancing moves the clock in steps of at most one day and
/// runs the billing engine after each step, so a long jump bills every due date in order (renewal, then dunning
/// retry, then cancel) exactly as if the days had passed one by one.
/// </summary>
internal static class ClockEndpoints
{
    public static readonly TimeSpan MaxStep = TimeSpan.FromDays(1);
    public static readonly TimeSpan MaxAdvance = TimeSpan.FromDays(3660);

    // One advance at a time: two overlapping jumps would interleave their billing runs.
    private static readonly SemaphoreSlim AdvanceGate = new(1, 1);

    public static IEndpointRouteBuilder MapSandboxClock(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/sandbox/clock", (SandboxClock clock) => Results.Json(new { now = Format(clock.GetUtcNow()), offset = FormatOffset(clock) }));

        endpoints.MapPost("/sandbox/clock/advance", async (HttpRequest request, SandboxClock clock, IServiceProvider services, CancellationToken cancellationToken) =>
        {
            var (body, readError) = await ControlJson.ReadAsync<ClockAdvanceRequest>(request, cancellationToken);
            if (readError is not null)
            {
                return readError;
            }

            await AdvanceGate.WaitAsync(cancellationToken);
            try
            {
                var (by, error) = Interpret(body!, clock.GetUtcNow());
                if (error is not null)
                {
                    return ControlJson.Error(StatusCodes.Status400BadRequest, error);
                }

                var engine = services.GetService<IBillingEngine>();
                var totals = new BillingRunResult(0, 0, 0, 0);
                var steps = 0;
                // Billing must finish even if the caller disconnects half way, or the clock and the books disagree.
                while (by > TimeSpan.Zero)
                {
                    var step = by > MaxStep ? MaxStep : by;
                    clock.Advance(step);
                    by -= step;
                    steps++;
                    if (engine is not null)
                    {
                        var run = await engine.RunDueAsync(CancellationToken.None);
                        totals = new BillingRunResult(
                            totals.InvoicesBilled + run.InvoicesBilled,
                            totals.TransactionsApproved + run.TransactionsApproved,
                            totals.TransactionsDeclined + run.TransactionsDeclined,
                            totals.SubscriptionsCanceled + run.SubscriptionsCanceled);
                    }
                }

                return Results.Json(new { now = Format(clock.GetUtcNow()), offset = FormatOffset(clock), steps, billing = engine is null ? null : totals });
            }
            finally
            {
                AdvanceGate.Release();
            }
        });

        return endpoints;
    }

    private static (TimeSpan By, string? Error) Interpret(ClockAdvanceRequest request, DateTimeOffset now)
    {
        if (request.To is { } to)
        {
            if (request.Days is not null || request.Hours is not null)
            {
                return (default, "Send either 'to' or 'days'/'hours', not both.");
            }
            if (to < now)
            {
                return (default, $"'to' ({Format(to)}) is before the sandbox's now ({Format(now)}); the clock only moves forward.");
            }
            return to - now > MaxAdvance
                ? (default, $"The clock can move at most {MaxAdvance.TotalDays:0} days in one call.")
                : (to - now, null);
        }
        if (request.Days is null && request.Hours is null)
        {
            return (default, "Send 'days' and/or 'hours' (positive numbers), or 'to' (an ISO 8601 date-time with offset).");
        }
        if (request.Days is < 0 || request.Hours is < 0 || !double.IsFinite(request.Days ?? 0) || !double.IsFinite(request.Hours ?? 0))
        {
            return (default, "'days' and 'hours' must not be negative; the clock only moves forward.");
        }
        var totalDays = (request.Days ?? 0) + (request.Hours ?? 0) / 24;
        if (totalDays <= 0)
        {
            return (default, "Advance by more than zero.");
        }
        return totalDays > MaxAdvance.TotalDays
            ? (default, $"The clock can move at most {MaxAdvance.TotalDays:0} days in one call.")
            : (TimeSpan.FromDays(totalDays), null);
    }

    private static string FormatOffset(SandboxClock clock) => clock.Offset.ToString("c", CultureInfo.InvariantCulture);

    private static string Format(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
}
