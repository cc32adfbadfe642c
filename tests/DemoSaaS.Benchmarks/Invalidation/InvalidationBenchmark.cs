using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DemoSaaS.Benchmarks.Infrastructure;
using DemoSaaS.Benchmarks.Reporting;
using DemoSaaS.Cheddar;
using DemoSaaS.Cheddar.Models;
using DemoSaaS.Cheddar.Requests;
using DemoSaaS.Cheddar.Webhooks;
using DemoSaaS.CheddarSandbox.Hosting;
using DemoSaaS.Tests.Shared;
using DemoSaaS.Web.Features.Billing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DemoSaaS.Benchmarks.Invalidation;

/// <summary>
/// Cross-instance invalidation: two app instances on one PostgreSQL database with one standalone sandbox. A PRO/TEAM
/// customer's plan is changed straight at Cheddar (B's snapshot is then stale), a signed <c>subscriptionChanged</c>
/// webhook is posted to instance A, and B's gate is asked until it reports the new plan: the time from the POST to A
/// to B's first fresh decision, per event. Then every listening connection is killed (<c>pg_terminate_backend</c>),
/// the same is measured again, and the time until each instance listens again is reported.
/// </summary>
public sealed class InvalidationBenchmark : IBenchmark
{
    private const string Title = "Invalidation";
    private const string ListenerApplicationName = "demosaas-billing-changes";
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(35);

    public string Name => "invalidation";

    public async Task<IReadOnlyList<Figure>> RunAsync(RunSize size, CancellationToken cancellationToken)
    {
        var events = size.IsQuick ? 30 : 200;
        await using var cluster = await PostgresCluster.StartAsync(cancellationToken);
        var connectionString = await cluster.CreateDatabaseAsync("invalidation_bench", cancellationToken);
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var sandboxFolder = Directory.CreateTempSubdirectory("demosaas-bench-invalidation-").FullName;
        await using var sandbox = await CheddarSandboxHost.StartAsync(new Dictionary<string, string?>
        {
            ["CheddarSandbox:DatabasePath"] = Path.Combine(sandboxFolder, "cheddar-sandbox.db"),
            ["CheddarSandbox:ProductCode"] = "DEMOSAAS",
            ["CheddarSandbox:Username"] = "sandbox@demosaas.local",
            ["CheddarSandbox:Password"] = "sandbox",
            ["CheddarSandbox:WebhookSecret"] = secret,
            ["Logging:LogLevel:Default"] = "Warning",
        }, cancellationToken: cancellationToken);
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:DefaultConnection"] = connectionString,
            ["Cheddar:Mode"] = "Real",
            ["Cheddar:BaseUrl"] = sandbox.BaseAddress.ToString(),
            ["Cheddar:ProductCode"] = "DEMOSAAS",
            ["Cheddar:Username"] = "sandbox@demosaas.local",
            ["Cheddar:Password"] = "sandbox",
            ["Cheddar:WebhookSecret"] = secret,
        };
        // No webhook endpoint is registered with the sandbox: the benchmark posts each event itself, so it knows when.
        await using var a = new InvalidationInstance(settings).Start();
        await using var b = new InvalidationInstance(settings).Start();
        using var http = new HttpClient { BaseAddress = a.BaseAddress };
        var cheddar = a.Services.GetRequiredService<ICheddarCustomers>();
        var customer = await NewCustomerAsync(cheddar, cancellationToken);
        await WaitForListenersAsync(connectionString, 2, cancellationToken);

        Console.WriteLine($"  invalidation: {events} webhooks to A, B's gate asked until fresh");
        var steady = await MeasureAsync(a, b, http, cheddar, customer, secret, events, cancellationToken);

        var killedAt = Stopwatch.StartNew();
        var killed = await cluster.TerminateConnectionsAsync(new NpgsqlConnectionStringBuilder(connectionString).Database!, ListenerApplicationName, cancellationToken);
        await WaitForListenersAsync(connectionString, 2, cancellationToken);
        var relistened = killedAt.Elapsed;
        Console.WriteLine($"  invalidation: {killed} listening connections killed, both listening again after {relistened.TotalMilliseconds:0} ms");
        var afterKill = await MeasureAsync(a, b, http, cheddar, customer, secret, Math.Max(10, events / 2), cancellationToken);

        return
        [
            Figure.Checked(Title, "webhook POST to A → B's gate fresh: p50 / p99 (2 instances, PostgreSQL)",
                $"{steady.P50:0.0} ms / {steady.P99:0.0} ms ({steady.Count} events; max {steady.Percentile(100):0.0} ms; load {MachineInfo.LoadAverage()})", "p99 ≤ 1 s", steady.P99 <= 1000),
            Figure.Checked(Title, "  same, after every listening connection was killed",
                $"{afterKill.P50:0.0} ms / {afterKill.P99:0.0} ms ({afterKill.Count} events)", "p99 ≤ 1 s", afterKill.P99 <= 1000),
            Figure.Info(Title, "  pg_terminate_backend of the listeners → both listening again", $"{relistened.TotalMilliseconds:0} ms ({killed} connections)"),
        ];
    }

    private static async Task<LatencyStats> MeasureAsync(
        InvalidationInstance a, InvalidationInstance b, HttpClient http, ICheddarCustomers cheddar, string customer, string secret, int events, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        var plan = (await b.Access.CheckAsync(customer, MeteredFeature.Reports, cancellationToken)).PlanCode
            ?? throw new InvalidOperationException("B sees no plan for the benchmark customer.");
        for (var i = 0; i < events; i++)
        {
            var target = plan == "PRO" ? "TEAM" : "PRO";
            await cheddar.EditSubscriptionAsync(customer, new EditSubscriptionRequest { PlanCode = target }, cancellationToken);
            // B still decides on its snapshot from before the change: that is what the webhook must end. (Right after its
            // listener reconnected B may have dropped it already; such an event measures nothing and is left out.)
            if ((await b.Access.CheckAsync(customer, MeteredFeature.Reports, cancellationToken)).PlanCode != plan)
            {
                plan = target;
                continue;
            }
            var clock = Stopwatch.StartNew();
            var body = ChangedEvent(customer, plan, target);
            using (var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/cheddar") { Content = new StringContent(body, Encoding.UTF8, "application/json") })
            {
                request.Headers.TryAddWithoutValidation(CheddarWebhookVerifier.SignatureHeader, CheddarWebhookVerifier.Sign(Encoding.UTF8.GetBytes(body), secret));
                using var response = await http.SendAsync(request, cancellationToken);
                response.EnsureSuccessStatusCode();
            }
            while ((await b.Access.CheckAsync(customer, MeteredFeature.Reports, cancellationToken)).PlanCode != target)
            {
                if (clock.Elapsed > GiveUpAfter)
                {
                    throw new TimeoutException($"B still decided on plan {plan} {GiveUpAfter.TotalSeconds:0} s after the webhook to A.");
                }
                await Task.Delay(1, cancellationToken);
            }
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            plan = target;
        }
        return new LatencyStats(latencies);
    }

    private static async Task<string> NewCustomerAsync(ICheddarCustomers cheddar, CancellationToken cancellationToken)
    {
        var code = Guid.NewGuid().ToString();
        await cheddar.CreateAsync(new NewCustomerRequest
        {
            Code = code,
            FirstName = "Bench",
            LastName = "Invalidation",
            Email = $"{code}@example.com",
            Subscription = new NewSubscriptionRequest
            {
                PlanCode = "PRO",
                Card = new PaymentCard { Number = "4111111111111111", ExpirationMonth = 12, ExpirationYear = DateTime.UtcNow.Year + 3, CardCode = "123" },
                CardHolder = new CardHolder { FirstName = "Bench", LastName = "Invalidation", Zip = "12345" },
            },
        }, cancellationToken);
        return code;
    }

    private static async Task WaitForListenersAsync(string connectionString, int expected, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var count = new NpgsqlCommand(
            "SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND application_name = @name", connection);
        count.Parameters.AddWithValue("name", ListenerApplicationName);
        while ((int)(await count.ExecuteScalarAsync(cancellationToken))! < expected)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"Fewer than {expected} instances listen for billing changes after 30 s.");
            }
            await Task.Delay(5, cancellationToken);
        }
    }

    /// <summary>A subscriptionChanged event as Cheddar sends it, with a fresh activity id.</summary>
    private static string ChangedEvent(string customerCode, string fromPlan, string toPlan) => JsonSerializer.Serialize(new
    {
        activityType = "subscriptionChanged",
        activityId = Guid.NewGuid().ToString(),
        activityDatetime = DateTimeOffset.UtcNow.ToString("O"),
        product = new { code = "DEMOSAAS" },
        customer = new { code = customerCode, firstName = "Bench", lastName = "Invalidation", email = $"{customerCode}@example.com" },
        subscription = new { plan = new { code = toPlan, name = toPlan } },
        previousSubscription = new { plan = new { code = fromPlan, name = fromPlan } },
    });
}
