using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Telemetry;

namespace CommitmentBot.Http;

/// <summary>The limits of one client's retry pipeline.</summary>
/// <param name="MaxAttempts">Attempts in all, the first included (1: never retried).</param>
/// <param name="MaxWait">
/// The cap: the longest wait held in process. A longer one (a long <c>Retry-After</c>, or a back-off past it) is not
/// waited: the last answer goes back to the caller, whose outbox sends again later. Zero hands every wait back.
/// </param>
/// <param name="BaseDelay">The first back-off when the answer names no wait; it doubles per attempt.</param>
/// <param name="MaxBackoff">The back-off stops growing here (before jitter).</param>
/// <param name="AttemptTimeout">Real-time limit of one attempt, answer included.</param>
public sealed record ChatApiRetrySettings(int MaxAttempts, TimeSpan MaxWait, TimeSpan BaseDelay, TimeSpan MaxBackoff, TimeSpan AttemptTimeout)
{
    /// <summary>The back-off is spread by ±<see cref="Jitter"/> of itself, so clients that failed together do not retry together.</summary>
    public const double Jitter = 0.2;

    /// <summary>
    /// The back-off before attempt <paramref name="failedAttempts"/> + 1: <see cref="BaseDelay"/> doubled per failed
    /// attempt after the first, at most <see cref="MaxBackoff"/>, times a factor from <paramref name="unit"/> (in [0, 1))
    /// mapped onto [1 − <see cref="Jitter"/>, 1 + <see cref="Jitter"/>).
    /// </summary>
    public TimeSpan Backoff(int failedAttempts, double unit)
    {
        var doubled = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(failedAttempts - 1, 0, 30));
        var capped = Math.Min(doubled, MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (1 - Jitter + (2 * Jitter * unit)));
    }
}

/// <summary>
/// One retry pipeline per chat API client, on the client's named <see cref="HttpClient"/>: Polly's retry strategy
/// (through Microsoft.Extensions.Http.Resilience) asks the platform's <see cref="RetryClassifier"/> whether an outcome
/// is worth another attempt, waits what <c>Retry-After</c> says (else a jittered back-off) on the host's
/// <see cref="TimeProvider"/>, and hands any wait longer than <see cref="ChatApiRetrySettings.MaxWait"/> back at once,
/// without waiting, with the answer that asked for it. Below it, each attempt has its own real-time limit
/// (<see cref="AttemptTimeoutHandler"/>). What an answer means (a result, a refusal, a deferral) stays the client's.
/// </summary>
public static class ChatApiRetry
{
    private static readonly ResiliencePropertyKey<TimeSpan> PlannedWait = new("CommitmentBot.Http.PlannedWait");

    /// <summary>As <see cref="AddChatApiRetry(IHttpClientBuilder, string, Func{IServiceProvider, ChatApiRetrySettings}, RetryClassifier)"/>, with the limits read from the adapter's options.</summary>
    public static IHttpClientBuilder AddChatApiRetry<TOptions>(
        this IHttpClientBuilder builder,
        string pipelineName,
        Func<TOptions, ChatApiRetrySettings> settings,
        RetryClassifier classify)
        where TOptions : class =>
        builder.AddChatApiRetry(pipelineName, services => settings(services.GetRequiredService<IOptions<TOptions>>().Value), classify);

    /// <summary>Adds the pipeline named <paramref name="pipelineName"/> and the per-attempt limit to <paramref name="builder"/>.</summary>
    public static IHttpClientBuilder AddChatApiRetry(
        this IHttpClientBuilder builder,
        string pipelineName,
        Func<IServiceProvider, ChatApiRetrySettings> settings,
        RetryClassifier classify)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(classify);
        // Polly reports every attempt; one that went through unhandled is routine, not news (at Information it would be
        // a log line per Slack or Teams call). Retries and hand-backs keep their own, louder severity.
        builder.Services.Configure<TelemetryOptions>(telemetry => telemetry.SeverityProvider ??= QuietRoutineAttempts);
        builder.AddResilienceHandler(pipelineName, (pipeline, context) =>
        {
            var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
            pipeline.TimeProvider = time;
            pipeline.AddRetry(Strategy(settings(context.ServiceProvider), classify, time));
        });
        builder.AddHttpMessageHandler(services => new AttemptTimeoutHandler(settings(services).AttemptTimeout));
        return builder;
    }

#pragma warning disable CA5394 // Jitter only spreads retries; it needs no cryptographic randomness.
    private static double Jitter() => Random.Shared.NextDouble();
#pragma warning restore CA5394

    private static ResilienceEventSeverity QuietRoutineAttempts(SeverityProviderArguments args) =>
        args.Event is { EventName: "ExecutionAttempt", Severity: ResilienceEventSeverity.Information }
            ? ResilienceEventSeverity.Debug
            : args.Event.Severity;

    private static RetryStrategyOptions<HttpResponseMessage> Strategy(ChatApiRetrySettings settings, RetryClassifier classify, TimeProvider time)
    {
        return new RetryStrategyOptions<HttpResponseMessage>
        {
            Name = "retry",
            MaxRetryAttempts = Math.Max(1, settings.MaxAttempts - 1),

            // Decided once per failed attempt: whether to retry, and if so after how long. The wait is planned here,
            // not in DelayGenerator, because a wait over the cap means "do not retry" (hand it back) and Polly asks
            // ShouldHandle first; DelayGenerator then returns the planned wait, so the jitter drawn is the one waited.
            ShouldHandle = async args =>
            {
                if (args.AttemptNumber + 1 >= settings.MaxAttempts || args.Context.CancellationToken.IsCancellationRequested)
                {
                    return false;
                }

                var request = args.Outcome.Result?.RequestMessage ?? args.Context.GetRequestMessage();
                if (request is null)
                {
                    return false;
                }

                var advice = await classify(request, args.Outcome.Result, args.Outcome.Exception).ConfigureAwait(false);
                if (!advice.Retry)
                {
                    return false;
                }

                var wait = RetryAfter.Read(args.Outcome.Result, time)
                    ?? advice.WaitWhenUnstated
                    ?? settings.Backoff(args.AttemptNumber + 1, Jitter());
                if (wait > settings.MaxWait)
                {
                    return false;
                }

                args.Context.Properties.Set(PlannedWait, wait);
                return true;
            },
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                args.Context.Properties.TryGetValue(PlannedWait, out var wait) ? wait : TimeSpan.Zero),
        };
    }
}
