namespace DemoSaaS.Web.Tests.Features.Billing.Invariants;

/// <summary>
/// The steps of one sequence, generated from its seed alone: a signup (maybe under a fault), then one list of steps per
/// phase. Between phases the whole batch restarts the app or advances the sandbox clock (<see cref="FuzzSchedule"/>),
/// so a seed replays the same sequence whichever batch it runs in.
/// </summary>
public sealed record FuzzScript
{
    private static readonly string[] Plans = ["FREE", "PRO", "TEAM"];

    /// <summary>Every Cheddar call the app makes for a signed-up customer, each a path the sandbox's faults match.</summary>
    private static readonly string[] CustomerActions =
    [
        "customers/add-item-quantity", "customers/add-item-quantity", "customers/get", "customers/set-item-quantity",
        "customers/edit-subscription", "customers/cancel", "customers/remove-item-quantity",
    ];

    /// <summary>
    /// Apply-then-fail with and without a dropped connection, 5xx, 429, a hang past the timeout (never applied), a call
    /// slower than the timeout (applied late, after the app gave up), 404 and 412 (404 and 412 last: signup skips them).
    /// </summary>
    private static readonly string[] FaultKinds =
    [
        "\"kind\":\"applyThenFail\",\"status\":500",
        "\"kind\":\"applyThenFail\",\"drop\":true",
        "\"kind\":\"status\",\"status\":503",
        "\"kind\":\"status\",\"status\":502",
        "\"kind\":\"rateLimit\",\"retryAfterSeconds\":1",
        "\"kind\":\"hang\",\"hangMs\":4000",
        "\"kind\":\"latency\",\"latencyMs\":2500",
        "\"kind\":\"status\",\"status\":404",
        "\"kind\":\"status\",\"status\":412",
    ];

    public required int Seed { get; init; }

    /// <summary>Faults on the signup's calls (customers/new, and the lookups and cleanup after an unknown outcome), matched by its email.</summary>
    public required IReadOnlyList<FuzzStep> SignUpFaults { get; init; }

    public required FuzzStep SignUp { get; init; }

    public required IReadOnlyList<IReadOnlyList<FuzzStep>> Phases { get; init; }

    public static FuzzScript Generate(int seed)
    {
        var random = new Random(seed);
        var plan = Plans[random.Next(Plans.Length)];
        var signUpFaults = new List<FuzzStep>();
        if (random.NextDouble() < 0.3)
        {
            // 404/412 mean nothing for a signup; the others are the unknown outcomes signup must survive.
            signUpFaults.Add(new FuzzStep
            {
                Kind = FuzzStepKind.Fault,
                FaultPath = "customers/new",
                FaultFields = FaultKinds[random.Next(FaultKinds.Length - 2)],
                Count = 1,
            });
            if (random.Next(2) == 0)
            {
                // ...and on what the app does next about the unknown outcome: look the customer up, or remove it.
                signUpFaults.Add(new FuzzStep
                {
                    Kind = FuzzStepKind.Fault,
                    FaultPath = random.Next(2) == 0 ? "customers/get" : "customers/delete",
                    FaultFields = FaultKinds[random.Next(FaultKinds.Length)],
                    Count = random.Next(1, 3),
                });
            }
        }
        var phases = new List<IReadOnlyList<FuzzStep>>();
        for (var phase = 0; phase < FuzzSchedule.PhaseCount; phase++)
        {
            var steps = new List<FuzzStep>();
            var count = random.Next(2, 6);
            for (var i = 0; i < count; i++)
            {
                steps.Add(NextStep(random));
            }
            phases.Add(steps);
        }
        return new FuzzScript
        {
            Seed = seed,
            SignUpFaults = signUpFaults,
            SignUp = new FuzzStep { Kind = FuzzStepKind.SignUp, Plan = plan, WithCard = plan != "FREE" },
            Phases = phases,
        };
    }

    private static FuzzStep NextStep(Random random)
    {
        var roll = random.Next(100);
        return roll switch
        {
            < 30 => new FuzzStep { Kind = FuzzStepKind.Reports, Count = random.Next(1, 5), Concurrent = random.Next(3) == 0 },
            // A burst past FREE's included reports or into PRO's overage (FuzzCatalog), several at once.
            < 36 => new FuzzStep { Kind = FuzzStepKind.Reports, Count = random.Next(4, 13), Concurrent = true },
            < 42 => new FuzzStep { Kind = FuzzStepKind.Exports, Count = random.Next(1, 4) },
            < 62 => new FuzzStep
            {
                Kind = FuzzStepKind.Fault,
                FaultPath = CustomerActions[random.Next(CustomerActions.Length)],
                FaultFields = FaultKinds[random.Next(FaultKinds.Length)],
                Count = random.Next(1, 4),
            },
            < 71 => new FuzzStep { Kind = FuzzStepKind.ChangePlan, Plan = Plans[random.Next(Plans.Length)], WithCard = random.Next(2) == 0 },
            < 77 => new FuzzStep { Kind = FuzzStepKind.ChangePlanElsewhere, Plan = Plans[random.Next(Plans.Length)] },
            < 82 => new FuzzStep { Kind = FuzzStepKind.Cancel },
            < 88 => new FuzzStep { Kind = FuzzStepKind.Resubscribe, Plan = Plans[random.Next(Plans.Length)], WithCard = random.Next(2) == 0 },
            < 92 => new FuzzStep { Kind = FuzzStepKind.ChangeCard },
            _ => new FuzzStep { Kind = FuzzStepKind.Pause, Count = random.Next(100, 700) },
        };
    }
}
