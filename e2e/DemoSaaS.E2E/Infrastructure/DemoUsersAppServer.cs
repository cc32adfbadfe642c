using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using DemoSaaS.Web.Features.DemoUsers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace DemoSaaS.E2E.Infrastructure;

/// <summary>
/// An app started as <c>dotnet run</c> starts it (<c>DemoUsers:Enabled</c>, as the launch profile sets): it seeds the
/// demo users and prints their password, which is read here from the log the way a developer reads the console.
/// </summary>
public sealed partial class DemoUsersAppServer : AppServer
{
    private readonly ConcurrentQueue<string> _seederLines = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("DemoUsers:Enabled", "true");
        builder.UseSetting("Logging:LogLevel:DemoSaaS.Web.Features.DemoUsers", "Information");
        builder.ConfigureLogging(logging => logging.AddProvider(new SeederLogProvider(_seederLines)));
    }

    /// <summary>Waits for the seeding to finish and returns the password it printed.</summary>
    public async Task<string> PrintedPasswordAsync()
    {
        await Services.GetRequiredService<DemoUserSeeder>().Completion.WaitAsync(TimeSpan.FromSeconds(90));
        var printed = _seederLines.Select(line => PasswordLine().Match(line)).FirstOrDefault(m => m.Success)
            ?? throw new InvalidOperationException("The demo users' password was not printed:\n" + string.Join('\n', _seederLines));
        return printed.Groups[1].Value;
    }

    [GeneratedRegex(@"Password for all of them: (\S+)")]
    private static partial Regex PasswordLine();

    private sealed class SeederLogProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new SeederLogger(categoryName, lines);

        public void Dispose()
        {
        }
    }

    private sealed class SeederLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => category == typeof(DemoUserSeeder).FullName;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lines.Enqueue(formatter(state, exception));
            }
        }
    }
}
