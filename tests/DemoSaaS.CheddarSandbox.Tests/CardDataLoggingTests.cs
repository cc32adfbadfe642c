using System.Collections.Concurrent;
using System.Net;
using DemoSaaS.CheddarSandbox.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DemoSaaS.CheddarSandbox.Tests;

/// <summary>Card numbers and card codes never reach any log line, wherever the caller puts them.</summary>
public sealed class CardDataLoggingTests
{
    [Fact]
    public async Task Card_number_and_code_in_body_query_or_path_never_appear_in_any_log_line()
    {
        var lines = new ConcurrentQueue<string>();
        await using var host = await CheddarSandboxHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["CheddarSandbox:DatabasePath"] = ":memory:",
                // As chatty as an operator might configure it: the sandbox must stay clean even then.
                ["Logging:LogLevel:Default"] = "Debug",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            },
            configure: builder =>
            {
                builder.Logging.SetMinimumLevel(LogLevel.Debug);
                builder.Logging.AddProvider(new CapturingLoggerProvider(lines));
            },
            cancellationToken: TestContext.Current.CancellationToken);
        var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("sandbox@demosaas.local:sandbox"u8.ToArray()));
        using var cheddar = new CheddarHttp(client);
        var year = DateTime.UtcNow.Year + 1;

        var inBody = await cheddar.NewCustomerAsync("logged-body", "TEAM", ("subscription[ccNumber]", "6011000000000012"), ("subscription[ccCardCode]", "7531"));
        Assert.Equal(HttpStatusCode.OK, inBody.Status);
        var inQuery = await cheddar.PostAsync(
            $"/xml/customers/new/{CheddarHttp.Product}?subscription%5BccNumber%5D=5424000000000015&subscription%5BccCardCode%5D=8642",
            ("code", "logged-query"), ("firstName", "A"), ("lastName", "B"), ("email", "q@example.com"), ("subscription[planCode]", "TEAM"),
            ("subscription[ccFirstName]", "A"), ("subscription[ccLastName]", "B"), ("subscription[ccZip]", "12345"), ("subscription[ccExpiration]", $"01/{year}"));
        Assert.Equal(HttpStatusCode.OK, inQuery.Status);
        // A matching fault logs the request it hits: that line must not carry the path's card pairs either.
        using var fault = await client.PostAsync("/sandbox/faults",
            new StringContent("""{"path":"customers/edit-subscription","kind":"latency","latencyMs":1,"count":1}""", System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        Assert.True(fault.IsSuccessStatusCode);
        var inPath = await cheddar.PostAsync($"/xml/customers/edit-subscription/{CheddarHttp.Product}/code/logged-query/ccNumber/370000000000002/ccCardCode/9753",
            ("ccExpiration", $"02/{year}"));
        Assert.Equal(HttpStatusCode.OK, inPath.Status);
        var refused = await cheddar.NewCustomerAsync("logged-refused", "TEAM", ("subscription[ccNumber]", "4111111111111112"), ("subscription[ccCardCode]", "2468"));
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.Status);

        Assert.Contains(lines, line => line.Contains("Injecting fault", StringComparison.Ordinal));
        Assert.NotEmpty(lines);
        foreach (var secret in new[] { "6011000000000012", "5424000000000015", "370000000000002", "4111111111111112", "7531", "8642", "9753", "2468" })
        {
            Assert.DoesNotContain(lines, line => line.Contains(secret, StringComparison.Ordinal));
        }
        Assert.DoesNotContain("4111111111111112", refused.Body);
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, lines);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category} {formatter(state, exception)} {exception}");
    }
}
