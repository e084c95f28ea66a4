using CommitmentBot.Clock;
using Microsoft.Extensions.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;

namespace CommitmentBot.Tests.Hosting;

/// <summary>Hangfire's process-wide log provider must not break other hosts when its own host is gone.</summary>
public sealed class HangfireLogProviderTests
{
    [Fact]
    public void GetLogger_LogsThroughTheHostsFactory_WhileItLives()
    {
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(new AlwaysOnProvider()));
        var provider = new HangfireLogProvider(factory);

        var log = provider.GetLogger("Hangfire.Test");

        Assert.True(log.Log(HangfireLevel.Info, null));
        Assert.False(log.Log(HangfireLevel.Debug, null));
    }

    [Fact]
    public void GetLogger_AnswersWithASilentLogger_AfterTheHostsFactoryIsDisposed()
    {
        var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information));
        var provider = new HangfireLogProvider(factory);
        factory.Dispose();

        var log = provider.GetLogger("Hangfire.Client.CoreBackgroundJobFactory");

        Assert.False(log.Log(HangfireLevel.Error, () => "lost", new InvalidOperationException()));
    }

    private sealed class AlwaysOnProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new AlwaysOn();

        public void Dispose()
        {
        }

        private sealed class AlwaysOn : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
            }
        }
    }
}
