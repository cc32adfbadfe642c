using System.Globalization;

namespace DemoSaaS.CheddarSandbox.Webhooks;

/// <summary>Delivery settings, bound from the same "CheddarSandbox" section as the rest of the sandbox.</summary>
public sealed class WebhookDeliveryOptions
{
    /// <summary>
    /// Waits before each retry, comma-separated with units ms, s, m, h or d: the default retries after 1 minute,
    /// then 5 minutes, ... and gives up after the 6th attempt. Empty means a single attempt.
    /// </summary>
    public string WebhookRetrySchedule { get; set; } = "1m,5m,30m,2h,12h";

    /// <summary>How long a receiver has to answer one POST before the attempt counts as failed.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The parsed <see cref="WebhookRetrySchedule"/>; null when it is invalid.</summary>
    public IReadOnlyList<TimeSpan>? RetryDelays => TryParseSchedule(WebhookRetrySchedule);

    public static IReadOnlyList<TimeSpan>? TryParseSchedule(string? schedule)
    {
        if (schedule is null)
        {
            return null;
        }
        var delays = new List<TimeSpan>();
        foreach (var part in schedule.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var unitStart = part.IndexOfAny(['m', 's', 'h', 'd']);
            if (unitStart <= 0
                || !double.TryParse(part[..unitStart], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
                || amount <= 0)
            {
                return null;
            }
            TimeSpan? delay = part[unitStart..] switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                "d" => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (delay is null || delay > TimeSpan.FromDays(30))
            {
                return null;
            }
            delays.Add(delay.Value);
        }
        return delays;
    }
}
