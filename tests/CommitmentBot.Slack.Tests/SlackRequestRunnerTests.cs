using System.Collections.Concurrent;
using CommitmentBot.Core.Commands;
using CommitmentBot.Slack.Inbound;
using CommitmentBot.Slack.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Slack.Tests;

/// <summary>
/// A command handler that fails gets the person an answer and an Error in the log; one cut off by the app stopping
/// under it (its job queue or database going away) is a Warning: nothing is wrong with the request, and Slack's retry
/// runs it again (the fuzz run found such an Error at the end of a run).
/// </summary>
public sealed class SlackRequestRunnerTests
{
    private static ChatRequest Request() => new() { Platform = "slack", WorkspaceId = "T1", UserId = "U1", PlatformTimeZone = "UTC", Text = "list" };

    [Fact]
    public async Task AHandlerCutOffByTheAppStopping_IsLoggedAsAWarning_AndThePersonStillGetsAnAnswer()
    {
        var lifetime = new StoppableLifetime();
        var log = new LevelLog();
        using var services = new SlackServices(configure: s => s.AddSingleton<IHostApplicationLifetime>(lifetime).AddSingleton<ILoggerProvider>(log));
        services.Handler.Respond = (_, _) =>
        {
            lifetime.StopApplication();
            throw new ObjectDisposedException("the job queue");
        };

        var reply = await services.Get<SlackRequestRunner>().RunAsync(Request(), null);

        Assert.Same(SlackRequestRunner.Failure, reply);
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("cut off by the app stopping", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task AHandlerThatFails_WhileTheAppRuns_IsAnError()
    {
        var log = new LevelLog();
        using var services = new SlackServices(configure: s => s.AddSingleton<IHostApplicationLifetime>(new StoppableLifetime()).AddSingleton<ILoggerProvider>(log));
        services.Handler.Respond = (_, _) => throw new InvalidOperationException("a bug");

        var reply = await services.Get<SlackRequestRunner>().RunAsync(Request(), null);

        Assert.Same(SlackRequestRunner.Failure, reply);
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("The command handler failed", StringComparison.Ordinal));
    }

    private sealed class StoppableLifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => stopping.Cancel();

        public void Dispose() => stopping.Dispose();
    }

    private sealed class LevelLog : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(LevelLog log) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                log.Entries.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}
