using System.Diagnostics;
using System.Text;

namespace DemoSaaS.Web.Tests.Features.Billing.Invariants;

/// <summary>
/// The billing invariant test of issue 13: seeded, randomized, model-based sequences of uses, plan changes in the app
/// and elsewhere, cancels, resubscribes, card changes, clock advances across renewals, faults on every Cheddar call the
/// app makes, and restarts on the same database files. After each settle it checks the invariants in
/// <see cref="BillingInvariantChecks"/>. A failure prints each failing seed with its whole sequence; replay one with
/// <c>BILLING_FUZZ_SEED=&lt;seed&gt; BILLING_FUZZ_SEQUENCES=1</c>.
/// </summary>
[Collection(BillingInvariantCollection.Name)]
public sealed class BillingInvariantTests
{
    [Fact]
    public Task Billing_invariants_hold_across_random_sequences_of_uses_plan_changes_faults_renewals_and_restarts() =>
        RunAsync(FuzzSettings.FromEnvironment());

    /// <summary>
    /// Issue 14: the same sequences on PostgreSQL with two usage relays per app competing for every customer (as two
    /// instances' relays do), CI-sized; BILLING_FUZZ_PG_SEQUENCES runs a longer one.
    /// </summary>
    [Fact]
    // It always runs on PostgreSQL, so test.sh's second pass of the Web tests (the app on PostgreSQL) leaves it out.
    [Trait("Database", "ChoosesItsOwn")]
    public Task Billing_invariants_hold_with_two_usage_relays_on_PostgreSQL() =>
        RunAsync(FuzzSettings.TwoRelaysOnPostgresFromEnvironment());

    private static async Task RunAsync(FuzzSettings settings)
    {
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"Billing fuzz: {settings.Sequences} sequence(s) from seed {settings.Seed}, {settings.BatchSize} per app, {settings.Parallel} app(s) at once"
            + (settings.OnPostgres ? $", on PostgreSQL with {settings.Relays} relays per app" : ""));
        var stopwatch = Stopwatch.StartNew();

        var sequences = Enumerable.Range(0, settings.Sequences)
            .Select(i => new FuzzSequence(FuzzScript.Generate(unchecked(settings.Seed + i))))
            .ToList();
        var batches = sequences.Chunk(settings.BatchSize).ToList();
        using (var slots = new SemaphoreSlim(settings.Parallel))
        {
            await Task.WhenAll(batches.Select(async batch =>
            {
                await slots.WaitAsync(TestContext.Current.CancellationToken);
                try
                {
                    var run = new FuzzBatch(batch, settings);
                    await run.RunAsync();
                    output?.WriteLine($"batch from seed {batch[0].Seed}: {run.Timings}");
                }
                finally
                {
                    slots.Release();
                }
            }));
        }

        var failed = sequences.Where(s => s.Violations.Count > 0).ToList();
        var summary = new StringBuilder()
            .Append($"{settings.Sequences} sequence(s) from seed {settings.Seed} in {stopwatch.Elapsed.TotalSeconds:0.0} s: {failed.Count} failed.");
        foreach (var invariant in failed.SelectMany(s => s.Violations.Select(v => v.Split(':')[0]).Distinct()).GroupBy(v => v).OrderBy(g => g.Key))
        {
            summary.Append($"\n  {invariant.Key}: {invariant.Count()} sequence(s), e.g. seeds {string.Join(", ", failed.Where(s => s.Violations.Any(v => v.StartsWith(invariant.Key, StringComparison.Ordinal))).Take(8).Select(s => s.Seed))}");
        }
        output?.WriteLine(summary.ToString());
        if (failed.Count > 0)
        {
            // Every failing sequence in full: seed, replay command, each step with its outcome, the violations.
            var details = string.Join("\n", failed.Take(20).Select(s => s.Describe()));
            Assert.Fail($"{summary}\n\n{details}{(failed.Count > 20 ? $"\n... and {failed.Count - 20} more failing sequence(s)" : "")}");
        }
    }
}
