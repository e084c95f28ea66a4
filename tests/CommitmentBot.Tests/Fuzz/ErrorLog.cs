using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Tests.Fuzz;

/// <summary>Records every entry logged at Error or above, from any category, so a test can assert there were none.</summary>
public sealed class ErrorLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> entries = new();

    public IReadOnlyCollection<string> Entries => entries;

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, entries);

    public void Dispose()
    {
    }

    /// <summary>The entries, one a line, for a failure message (the first few only).</summary>
    public string Describe(int max = 5) => string.Join("\n---\n", entries.Take(max));

    private sealed class Recorder(string category, ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)}\n{exception}");
            }
        }
    }
}
