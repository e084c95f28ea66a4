using System.Collections.Concurrent;
using System.Globalization;
using CommitmentBot.Core.Ports;

namespace CommitmentBot.TestSupport.Stores;

/// <summary>An <see cref="IChatSender"/> that records what it sends and can be told to fail.</summary>
public sealed class RecordingSender(TimeProvider clock, string platform = "test") : IChatSender
{
    private int next;

    public ConcurrentQueue<(ChatDelivery Delivery, DateTimeOffset At, string Id)> Sent { get; } = new();

    /// <summary>Failures to throw on the next sends, in order.</summary>
    public ConcurrentQueue<ChatSendException> Failures { get; } = new();

    public string Platform => platform;

    public Task<string> SendAsync(ChatDelivery delivery, CancellationToken cancellationToken)
    {
        if (Failures.TryDequeue(out var failure))
        {
            throw failure;
        }

        var id = "msg-" + Interlocked.Increment(ref next).ToString(CultureInfo.InvariantCulture);
        Sent.Enqueue((delivery, clock.GetUtcNow(), id));
        return Task.FromResult(id);
    }

    public Task<string?> FindSentAsync(ChatDelivery delivery, DateTimeOffset sendStartedAt, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(Sent.FirstOrDefault(s => s.Delivery.DeliveryId == delivery.DeliveryId).Id);
}
