namespace DemoSaaS.Web.Tests.Features.Billing.Invariants;

/// <summary>
/// What a whole batch does between phases. The sandbox clock is one per sandbox, and a restart stops every user's app,
/// so these are batch-level steps, the same for every batch (a seed then replays alone exactly as it ran in a batch).
/// </summary>
public static class FuzzSchedule
{
    public const int PhaseCount = 4;

    /// <summary>After phase <c>i</c>: restart the app on the same database files (uses may be in flight), and/or settle,
    /// check every invariant and advance the sandbox clock by that many days (0 = no advance).</summary>
    public static readonly (bool Restart, int AdvanceDays)[] AfterPhase =
    [
        (Restart: true, AdvanceDays: 0),
        // PRO's 14-day trial ends: the first bill with the trial's usage.
        (Restart: false, AdvanceDays: 15),
        // Every plan renews at least once: periodic usage starts again at 0.
        (Restart: false, AdvanceDays: 32),
        (Restart: true, AdvanceDays: 0),
    ];

    public static string Describe(int phase) => AfterPhase[phase] switch
    {
        (true, 0) => "[batch] restart the app on the same database files",
        (false, var days) => $"[batch] settle, check, advance the sandbox clock {days} days",
        (true, var days) => $"[batch] restart, settle, check, advance the sandbox clock {days} days",
    };
}
