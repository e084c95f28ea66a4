using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Teams.Activities;

/// <summary>
/// Authenticated activities waiting to be processed. The endpoint answers 202 as soon as an
/// activity is queued, so a slow command never makes Teams time out and retry.
/// </summary>
public sealed class TeamsActivityInbox(IOptions<TeamsOptions> options)
{
    private readonly Channel<InboundActivity> _channel = Channel.CreateBounded<InboundActivity>(new BoundedChannelOptions(options.Value.ActivityQueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = false,
        SingleWriter = false,
    });

    /// <summary>Queues the activity; false when the queue is full (the endpoint then answers 503).</summary>
    public bool TryEnqueue(InboundActivity activity) => _channel.Writer.TryWrite(activity);

    internal ChannelReader<InboundActivity> Reader => _channel.Reader;

    /// <summary>Accepts no more; workers finish what is queued.</summary>
    internal void Complete() => _channel.Writer.TryComplete();
}

/// <summary>Processes queued activities, a few at a time, each in its own DI scope.</summary>
internal sealed class TeamsActivityWorker(
    TeamsActivityInbox queue,
    IServiceScopeFactory scopes,
    IOptions<TeamsOptions> options,
    ILogger<TeamsActivityWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.ActivityWorkers).Select(_ => Task.Run(ConsumeAsync, CancellationToken.None)));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Drain rather than drop: what is queued was already acknowledged to Teams.
        queue.Complete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ConsumeAsync()
    {
        while (await queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (queue.Reader.TryRead(out var activity))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var processor = scope.ServiceProvider.GetRequiredService<TeamsActivityProcessor>();
                    await processor.ProcessAsync(activity, CancellationToken.None).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // One bad activity must not stop the worker; it is logged.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    logger.LogError(ex, "Processing Teams activity {ActivityId} ({Type}) failed", activity.Activity.Id, activity.Type);
                }
            }
        }
    }
}
