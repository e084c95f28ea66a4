using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace CommitmentBot.TestSupport.Http;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also tells which waits were started on it (the due time of every timer), so a
/// test can see what a retry pipeline decided to wait, then move the clock by exactly that much.
/// </summary>
public sealed class WaitRecordingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Channel<TimeSpan> _waits = Channel.CreateUnbounded<TimeSpan>();

    /// <summary>How many waits have been started so far.</summary>
    public int WaitsStarted { get; private set; }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            WaitsStarted++;
            _waits.Writer.TryWrite(dueTime);
        }

        return base.CreateTimer(callback, state, dueTime, period);
    }

    /// <summary>The next wait started (in real time at most <paramref name="patience"/>), or null if none was.</summary>
    public async Task<TimeSpan?> NextWaitAsync(TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            return await _waits.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
