using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DemoSaaS.Web.Tests.Features.Billing.Invariants;

/// <summary>
/// Keeps the app's signup log lines (Debug and up, with their exceptions) across a batch's restarts, so a signup
/// the invariants find undecided is reported with what the signup request and the cleanup said about it.
/// </summary>
public sealed class SignupLogCapture : ILoggerProvider
{
    public const string Category = "DemoSaaS.Web.Features.Signup";

    private readonly ConcurrentQueue<string> _lines = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>The captured lines that mention <paramref name="customerCode"/>, oldest first.</summary>
    public IReadOnlyList<string> About(string customerCode) =>
        _lines.Where(line => line.Contains(customerCode, StringComparison.Ordinal)).ToList();

    public void Dispose()
    {
    }

    private sealed class Logger(SignupLogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) =>
            logLevel >= LogLevel.Debug && category.StartsWith(Category, StringComparison.Ordinal);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var error = exception is null ? "" : $" [{exception.GetType().Name}: {exception.Message}]";
            owner._lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category[(category.LastIndexOf('.') + 1)..]}: {formatter(state, exception)}{error}");
        }
    }
}
