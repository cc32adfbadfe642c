using System.ComponentModel.DataAnnotations;

namespace DemoSaaS.Web.Components.Circuits;

/// <summary>
/// <c>Circuits</c> in configuration: when a hidden tab gives its circuit back, and how long and how many paused
/// circuits' state the framework keeps for this instance.
/// </summary>
public sealed class CircuitPauseOptions : IValidatableObject
{
    public const string SectionName = "Circuits";

    /// <summary>How long a tab stays hidden before the browser pauses its circuit (<c>Blazor.pauseCircuit()</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Circuits:PauseHiddenAfter must be between 1 second and 1 day.")]
    public TimeSpan PauseHiddenAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a paused circuit's state is kept when the server holds it (CircuitOptions.PersistedCircuitInMemoryRetentionPeriod).
    /// A tab shown again after this reloads its page instead of resuming.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ErrorMessage = "Circuits:PausedStateRetention must be between 1 minute and 7 days.")]
    public TimeSpan PausedStateRetention { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How many paused circuits' state the server keeps at most (CircuitOptions.PersistedCircuitInMemoryMaxRetained); the oldest go first.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Circuits:MaxPausedCircuits must be between 1 and 1,000,000.")]
    public int MaxPausedCircuits { get; set; } = 1000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PauseHiddenAfter >= PausedStateRetention)
        {
            yield return new ValidationResult(
                "Circuits:PauseHiddenAfter must be shorter than Circuits:PausedStateRetention.",
                [nameof(PauseHiddenAfter), nameof(PausedStateRetention)]);
        }
    }
}
