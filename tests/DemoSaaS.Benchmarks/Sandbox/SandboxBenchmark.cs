using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using DemoSaaS.Benchmarks.Infrastructure;
using DemoSaaS.Benchmarks.Reporting;
using DemoSaaS.CheddarSandbox.Hosting;
using Microsoft.Extensions.Logging;

namespace DemoSaaS.Benchmarks.Sandbox;

/// <summary>
/// Sandbox throughput: a standalone sandbox (SQLite file, as by default) on loopback, 32 concurrent clients, fixed
/// request counts; customers/get and add-item-quantity against GET /sandbox/health on the same server, in two
/// interleaved rounds so that machine load hits all three alike.
/// </summary>
public sealed class SandboxBenchmark : IBenchmark
{
    private const string Title = "Sandbox";
    private const int Concurrency = 32;
    private const int Rounds = 2;
    private const string Product = "DEMOSAAS";

    public string Name => "sandbox";

    public async Task<IReadOnlyList<Figure>> RunAsync(RunSize size, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("demosaas-bench-sandbox-").FullName;
        try
        {
            await using var sandbox = await CheddarSandboxHost.StartAsync(new Dictionary<string, string?>
            {
                ["CheddarSandbox:DatabasePath"] = Path.Combine(folder, "cheddar-sandbox.db"),
                ["Logging:LogLevel:Default"] = "Warning",
            },
            // The sandbox turns routing's per-request lines on (Information); console output would be measured too.
            configure: builder => builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning),
            cancellationToken: cancellationToken);
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency }) { BaseAddress = sandbox.BaseAddress };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes("sandbox@demosaas.local:sandbox")));

            var customers = Enumerable.Range(0, Concurrency).Select(i => $"bench-{i}").ToArray();
            foreach (var code in customers)
            {
                using var created = await client.PostAsync($"/xml/customers/new/productCode/{Product}", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["code"] = code,
                    ["firstName"] = "Bench",
                    ["lastName"] = code,
                    ["email"] = $"{code}@example.com",
                    ["subscription[planCode]"] = "PRO",
                }), cancellationToken);
                created.EnsureSuccessStatusCode();
            }

            var endpoints = new Endpoint[]
            {
                new("GET /sandbox/health (trivial)", (_, ct) => SendAsync(client, HttpMethod.Get, "/sandbox/health", null, ct)),
                new("customers/get", (i, ct) => SendAsync(client, HttpMethod.Get, $"/xml/customers/get/productCode/{Product}/code/{customers[i % customers.Length]}", null, ct)),
                new("add-item-quantity", (i, ct) => SendAsync(client, HttpMethod.Post,
                    $"/xml/customers/add-item-quantity/productCode/{Product}/code/{customers[i % customers.Length]}/itemCode/REPORTS", "quantity=1", ct)),
            };
            // Steady state is what is compared: a round's worth of warm-up calls per endpoint, then a pause, lets tiered
            // JIT finish compiling the hot paths (200 calls left the server's code half-compiled and /health 2x slower).
            Console.WriteLine("  sandbox: warm-up, one round per endpoint");
            foreach (var endpoint in endpoints)
            {
                await BoundedLoad.RunAsync(size.SandboxRequestsPerRound, Concurrency, TimeSpan.FromSeconds(60), endpoint.Send, cancellationToken);
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            for (var round = 0; round < Rounds; round++)
            {
                foreach (var endpoint in endpoints)
                {
                    Console.WriteLine($"  sandbox: round {round + 1} of {Rounds}, {endpoint.Name}");
                    endpoint.Results.Add(await BoundedLoad.RunAsync(size.SandboxRequestsPerRound, Concurrency, TimeSpan.FromSeconds(60), endpoint.Send, cancellationToken));
                }
            }

            // Every /xml call holds the sandbox's one lock: if one client gets about as much through as 32, calls are serialized.
            Console.WriteLine("  sandbox: customers/get and add-item-quantity from 1 client");
            var singleGet = await BoundedLoad.RunAsync(size.SandboxRequestsPerRound / 6, 1, TimeSpan.FromSeconds(30), endpoints[1].Send, cancellationToken);
            var singleAdd = await BoundedLoad.RunAsync(size.SandboxRequestsPerRound / 6, 1, TimeSpan.FromSeconds(30), endpoints[2].Send, cancellationToken);

            var trivial = endpoints[0];
            var figures = endpoints.Select(e => Figure.Info(Title, $"{e.Name}: req/s, p99 ({Concurrency} clients)",
                $"{e.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture)}/s, p99 {e.Latencies.P99.ToString("0.0", CultureInfo.InvariantCulture)} ms{e.Problems}")).ToList();
            foreach (var endpoint in endpoints.Skip(1))
            {
                var ratio = endpoint.RequestsPerSecond / trivial.RequestsPerSecond;
                figures.Add(Figure.Checked(Title, $"{endpoint.Name} ÷ trivial, req/s", ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×",
                    "≥ 0.25×", ratio >= 0.25 && endpoint.Failed == 0));
            }
            figures.Add(Figure.Info(Title, "  customers/get / add-item-quantity from 1 client, req/s",
                $"{singleGet.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture)}/s / {singleAdd.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture)}/s"));
            return figures;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS's temp cleanup.
            }
        }
    }

    private static async Task<bool> SendAsync(HttpClient client, HttpMethod method, string path, string? form, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (form is not null)
        {
            request.Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded");
        }
        using var response = await client.SendAsync(request, cancellationToken);
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return response.IsSuccessStatusCode;
    }

    private sealed class Endpoint(string name, Func<int, CancellationToken, Task<bool>> send)
    {
        public string Name { get; } = name;

        public Func<int, CancellationToken, Task<bool>> Send { get; } = send;

        public List<LoadResult> Results { get; } = [];

        /// <summary>Requests per second over all rounds: successes ÷ total time.</summary>
        public double RequestsPerSecond => Results.Sum(r => r.Succeeded) / Results.Sum(r => r.Elapsed.TotalSeconds);

        public LatencyStats Latencies => new(Results.SelectMany(r => r.LatenciesMs));

        public int Failed => Results.Sum(r => r.Failed);

        public string Problems =>
            (Failed > 0 ? $", {Failed} failed" : "") + (Results.Any(r => r.HitTimeLimit) ? ", time limit hit" : "");
    }
}
