using System.Collections.Concurrent;
using System.Globalization;
using CommitmentBot.Core.Ports;

namespace CommitmentBot.TestSupport.Stores;

/// <summary>
/// An <see cref="IChatSender"/> that keeps what it sends, when, and under which id, so a flow over many steps can be
/// read back, and finds its own sends after a crash. (A test about one interaction with the port uses Moq instead.)
/// </summary>
public sealed class RecordingSender(TimeProvider clock, string platform = "test") : IChatSender
{
    private int next;

    public ConcurrentQueue<(ChatDelivery Delivery, DateTimeOffset At, string Id)> Sent { get; } = new();

    public string Platform => platform;

    public Task<SendResult> SendAsync(ChatDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var id = "msg-" + Interlocked.Increment(ref next).ToString(CultureInfo.InvariantCulture);
        Sent.Enqueue((delivery, clock.GetUtcNow(), id));
        return Task.FromResult<SendResult>(new ChatSent(id));
    }

    public Task<SentLookup> FindSentAsync(ChatDelivery delivery, DateTimeOffset sendStartedAt, CancellationToken cancellationToken) =>
        Task.FromResult<SentLookup>(Sent.FirstOrDefault(s => s.Delivery.DeliveryId == delivery.DeliveryId).Id is { } id ? new SentFound(id) : new SentNotFound());
}
