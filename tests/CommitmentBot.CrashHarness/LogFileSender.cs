using System.Globalization;
using System.Text;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Ports;

namespace CommitmentBot.CrashHarness;

/// <summary>
/// A chat platform made of a file: each send appends one line (delivery id, workspace, recipient, the promises
/// it is about) and flushes it to disk before returning, so what was "sent" survives the process dying right
/// after. With lookup supported it can say whether a delivery was sent (as Slack's history lookup can);
/// without, it cannot (as Teams cannot). When told, it kills its own process at the n-th send.
/// </summary>
public sealed class LogFileSender(HarnessOptions options) : IChatSender
{
    /// <summary>The workspace platform this sender serves.</summary>
    public const string PlatformName = "harness";

    private int sends;

    public string Platform => PlatformName;

    public async Task<SendResult> SendAsync(ChatDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var n = Interlocked.Increment(ref sends);
        if (options.Crash == CrashPoint.BeforeSend && n == options.CrashOn)
        {
            await DieAsync($"before sending delivery {delivery.DeliveryId}");
        }

        var line = string.Join(
            '\t',
            delivery.DeliveryId.ToString(CultureInfo.InvariantCulture),
            delivery.WorkspaceId,
            delivery.RecipientId,
            string.Join(',', Promises(delivery.Message)),
            Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        using (var log = new FileStream(options.LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
        {
            var bytes = Encoding.UTF8.GetBytes(line + "\n");
            await log.WriteAsync(bytes, cancellationToken);
            log.Flush(flushToDisk: true);
        }

        if (options.Crash == CrashPoint.AfterSend && n == options.CrashOn)
        {
            // The platform has the message; the outbox has not recorded it. The worst moment to die.
            await DieAsync($"after sending delivery {delivery.DeliveryId}, before recording it");
        }

        return new ChatSent(MessageId(delivery.DeliveryId));
    }

    public Task<SentLookup> FindSentAsync(ChatDelivery delivery, DateTimeOffset sendStartedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (!options.LookupSupported)
        {
            return Task.FromResult<SentLookup>(new SentUnknowable("This platform cannot look up what a bot sent."));
        }

        var id = delivery.DeliveryId.ToString(CultureInfo.InvariantCulture);
        var found = File.Exists(options.LogPath) && File.ReadLines(options.LogPath).Any(l => l.Split('\t')[0] == id);
        return Task.FromResult<SentLookup>(found ? new SentFound(MessageId(delivery.DeliveryId)) : new SentNotFound());
    }

    /// <summary>The short ids of the promises a message is about (from their Done buttons).</summary>
    public static IEnumerable<string> Promises(OutboundMessage message) =>
        message.AllButtons
            .Select(b => b.ActionId)
            .Where(a => a.StartsWith(ActionIds.Done + ":", StringComparison.Ordinal))
            .Select(a => a[(ActionIds.Done.Length + 1)..]);

    private static string MessageId(long deliveryId) => "log-" + deliveryId.ToString(CultureInfo.InvariantCulture);

    private async Task DieAsync(string where)
    {
        if (options.Death == DeathKind.FailFast)
        {
            Environment.FailFast($"crash harness: dying {where}");
        }

        // Tell the parent we are at the crash point, then wait for its SIGKILL.
        await Console.Out.WriteLineAsync($"waiting-for-kill {where}");
        await Console.Out.FlushAsync();
        await Task.Delay(Timeout.InfiniteTimeSpan);
    }
}
