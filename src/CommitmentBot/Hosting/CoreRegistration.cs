using CommitmentBot.Clock;
using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Ports;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CommitmentBot.Hosting;

/// <summary>The core's use cases and their defaults.</summary>
public static class CoreRegistration
{
    /// <summary>
    /// Registers the command runner. The clock is the system's unless something (the sandbox) registered
    /// its own first; likewise the outbox signal defaults to a Hangfire job.
    /// </summary>
    public static IServiceCollection AddCommitmentBotCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IOutboxSignal, HangfireOutboxSignal>();
        services.TryAddSingleton<ICommitmentChangeListener>(NoCommitmentChangeListener.Instance);
        services.AddSingleton<IChatRequestHandler, CommandRunner>();
        services.TryAddSingleton<Core.Capture.PromiseNoticer>();
        return services;
    }
}
