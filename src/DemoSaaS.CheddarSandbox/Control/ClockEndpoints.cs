using System.Globalization;
using DemoSaaS.CheddarSandbox.Billing;

namespace DemoSaaS.CheddarSandbox.Control;

/// <summary>GET /sandbox/clock and POST /sandbox/clock/advance (see <see cref="ClockAdvancer"/> for how time moves).</summary>
internal static class ClockEndpoints
{
    public static IServiceCollection AddSandboxClockControl(this IServiceCollection services) =>
        services.AddSingleton<ClockAdvancer>();

    public static IEndpointRouteBuilder MapSandboxClock(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/sandbox/clock", (SandboxClock clock) => Results.Json(new { now = Format(clock.GetUtcNow()), offset = Format(clock.Offset) }));

        endpoints.MapPost("/sandbox/clock/advance", async (HttpRequest request, ClockAdvancer advancer, CancellationToken cancellationToken) =>
        {
            var (body, readError) = await ControlJson.ReadAsync<ClockAdvanceRequest>(request, cancellationToken);
            if (readError is not null)
            {
                return readError;
            }
            var (result, error) = await advancer.AdvanceAsync(now => Interpret(body!, now), cancellationToken);
            return result is null
                ? ControlJson.Error(StatusCodes.Status400BadRequest, error!)
                : Results.Json(new { now = Format(result.Now), offset = Format(result.Offset), steps = result.Steps, billing = result.Billing });
        });

        return endpoints;
    }

    private static (TimeSpan By, string? Error) Interpret(ClockAdvanceRequest request, DateTimeOffset now)
    {
        var tooFar = $"The clock can move at most {ClockAdvancer.MaxAdvance.TotalDays:0} days in one call.";
        if (request.To is { } toText)
        {
            if (request.Days is not null || request.Hours is not null)
            {
                return (default, "Send either 'to' or 'days'/'hours', not both.");
            }
            if (!DateTimeOffset.TryParse(toText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var to)
                || !char.IsAsciiDigit(toText.TrimStart().FirstOrDefault()))
            {
                return (default, $"'to' must be an ISO 8601 date or date-time such as 2027-01-01 or 2027-01-01T00:00:00+00:00, not '{toText}'.");
            }
            if (to < now)
            {
                return (default, $"'to' ({Format(to)}) is before the sandbox's now ({Format(now)}); the clock only moves forward.");
            }
            return to - now > ClockAdvancer.MaxAdvance ? (default, tooFar) : (to - now, null);
        }
        if (request.Days is null && request.Hours is null)
        {
            return (default, "Send 'days' and/or 'hours' (positive numbers), or 'to' (an ISO 8601 date-time with offset).");
        }
        if (request.Days is < 0 || request.Hours is < 0)
        {
            return (default, "'days' and 'hours' must not be negative; the clock only moves forward.");
        }
        var totalDays = (request.Days ?? 0) + (request.Hours ?? 0) / 24;
        if (totalDays <= 0)
        {
            return (default, "Advance by more than zero.");
        }
        return totalDays > ClockAdvancer.MaxAdvance.TotalDays ? (default, tooFar) : (TimeSpan.FromDays(totalDays), null);
    }

    private static string Format(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    private static string Format(TimeSpan offset) => offset.ToString("c", CultureInfo.InvariantCulture);
}
