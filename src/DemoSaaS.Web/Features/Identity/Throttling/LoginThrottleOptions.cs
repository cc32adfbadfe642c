using System.ComponentModel.DataAnnotations;

namespace DemoSaaS.Web.Features.Identity.Throttling;

/// <summary>How failed logins slow down one address guessing one account; bound from "Security:LoginThrottle".</summary>
public sealed class LoginThrottleOptions
{
    public const string SectionName = "Security:LoginThrottle";

    /// <summary>Failures of one account from one address before a wait applies (typos cost nothing).</summary>
    [Range(1, 100)]
    public int FailuresBeforeDelay { get; set; } = 5;

    /// <summary>The wait after the <see cref="FailuresBeforeDelay"/>th failure; it doubles with each further one.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait; an attacker who keeps guessing gets one guess per this interval.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A counter with no failure for this long starts again from zero.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The wait before the next attempt once <paramref name="failures"/> attempts have failed.</summary>
    public TimeSpan WaitAfter(int failures)
    {
        if (failures < FailuresBeforeDelay)
        {
            return TimeSpan.Zero;
        }
        var doublings = Math.Min(failures - FailuresBeforeDelay, 30);
        var wait = FirstDelay * Math.Pow(2, doublings);
        return wait < MaxDelay ? wait : MaxDelay;
    }
}
