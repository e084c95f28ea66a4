using Microsoft.Extensions.Options;

namespace CommitmentBot.Slack.Api;

/// <summary>
/// Keeps chat.postMessage to about one message per second per channel, Slack's pace for posting:
/// each caller reserves the next free slot for its channel and waits for it.
/// </summary>
internal sealed class ChannelPacer(IOptions<SlackOptions> options, TimeProvider time)
{
    private const int PruneThreshold = 10_000;
    private readonly Dictionary<string, DateTimeOffset> _nextSlot = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task WaitTurnAsync(string channel, CancellationToken cancellationToken)
    {
        var interval = options.Value.ChannelPostInterval;
        if (interval <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        var now = time.GetUtcNow();
        TimeSpan wait;
        lock (_gate)
        {
            if (_nextSlot.Count > PruneThreshold)
            {
                foreach (var stale in _nextSlot.Where(p => p.Value < now).Select(p => p.Key).ToList())
                {
                    _nextSlot.Remove(stale);
                }
            }

            var slot = _nextSlot.TryGetValue(channel, out var next) && next > now ? next : now;
            _nextSlot[channel] = slot + interval;
            wait = slot - now;
        }

        return wait > TimeSpan.Zero ? Task.Delay(wait, time, cancellationToken) : Task.CompletedTask;
    }
}
