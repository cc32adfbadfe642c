using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DemoSaaS.Tests.Shared;

/// <summary>
/// The log lines (Information and up) of the app hosts it is added to, as their operators would read them, for tests that
/// wait on one or count them.
/// </summary>
public sealed class CapturedLogs
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>For a host's test services (e.g. <c>StartInstanceAsync(…, logs.For("C"))</c>); each line is prefixed with <paramref name="instance"/>.</summary>
    public Action<IServiceCollection> For(string instance) =>
        services => services.AddSingleton<ILoggerProvider>(new Provider(_lines, instance));

    public int Count(string text) => _lines.Count(line => line.Contains(text, StringComparison.Ordinal));

    private sealed class Provider(ConcurrentQueue<string> lines, string instance) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(lines, instance);

        public void Dispose()
        {
        }
    }

    private sealed class Logger(ConcurrentQueue<string> lines, string instance) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{instance} {logLevel} {formatter(state, exception)}");
    }
}
