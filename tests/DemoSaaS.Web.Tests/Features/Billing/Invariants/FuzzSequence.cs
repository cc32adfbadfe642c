using System.Collections.Concurrent;
using System.Text;

namespace DemoSaaS.Web.Tests.Features.Billing.Invariants;

/// <summary>
/// One running sequence: its script, the user it signed up, the model (units of each item the app accepted, i.e. uses
/// it let through the gate and recorded) and the printed log of every step with its outcome.
/// </summary>
public sealed class FuzzSequence(FuzzScript script)
{
    private readonly StringBuilder _log = new();
    private readonly HashSet<string> _violationKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _recorded = new(StringComparer.Ordinal);

    public FuzzScript Script { get; } = script;

    public int Seed => Script.Seed;

    /// <summary>Unique per seed, so the sandbox's faults can match this sequence's signup by email.</summary>
    public string Email => $"fuzz-{(uint)Seed}@example.com";

    /// <summary>The local user id = Cheddar customer code; null until (unless) signup succeeded.</summary>
    public string? UserId { get; set; }

    /// <summary>Ids of faults this sequence injected (removed before "elsewhere" changes and at each settle).</summary>
    public List<int> FaultIds { get; } = [];

    public List<string> Violations { get; } = [];

    /// <summary>How many quantity-lowering writes were already reported (each is reported once, at the first check after it).</summary>
    public int LoweringWritesReported { get; set; }

    /// <summary>Units of the item the app accepted (reports made, exports downloaded).</summary>
    public int Recorded(string itemCode) => _recorded.GetValueOrDefault(itemCode);

    public void Record(string itemCode, int units) => _recorded.AddOrUpdate(itemCode, units, (_, old) => old + units);

    public void Log(string line)
    {
        lock (_log)
        {
            _log.Append("  ").AppendLine(line);
        }
    }

    /// <summary>Adds a violation; one already reported at an earlier check (same text after the checkpoint tag) is not repeated.</summary>
    public void Violate(string invariant, string detail)
    {
        var key = invariant + System.Text.RegularExpressions.Regex.Replace(detail, @"^\[[^\]]*\] ", "");
        lock (Violations)
        {
            if (!_violationKeys.Add(key))
            {
                return;
            }
            Violations.Add($"{invariant}: {detail}");
        }
        Log($"VIOLATION {invariant}: {detail}");
    }

    /// <summary>The seed, how to replay it, every step with its outcome, and the violations.</summary>
    public string Describe()
    {
        lock (_log)
        {
            return $"seed {Seed} (replay: BILLING_FUZZ_SEED={Seed} BILLING_FUZZ_SEQUENCES=1), user {UserId ?? "(none)"}, {Email}, " +
                $"recorded REPORTS={Recorded("REPORTS")} EXPORTS={Recorded("EXPORTS")}\n{_log}";
        }
    }
}
