using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Capture;

/// <summary>
/// SPEC's "Noticing promises": in a workspace that opted in (<c>admin policy notice on</c>), a person's channel message
/// that the <see cref="PromiseReader"/> flags gets a private note to its author ("Looks like you promised Acme the revised
/// quote by Fri 4 Dec, 6:00 PM. Track it?") with Track / Not a promise. Nothing about the message is stored here: the
/// note carries the prefilled form, and only Track saves a promise. An author who said "Not a promise" in a channel is
/// left alone there for <see cref="MuteFor"/>.
/// </summary>
public sealed class PromiseNoticer(IWorkspaceStore workspaces, IPeopleStore people, ICommitmentStore commitments, INoticeMuteStore mutes, TimeProvider clock)
{
    /// <summary>How long one "Not a promise" keeps the noticer quiet for that author in that channel.</summary>
    public static readonly TimeSpan MuteFor = TimeSpan.FromDays(30);

    /// <summary>The note for the author, or null when the message is no promise, noticing is off, or the author muted it here.</summary>
    public async Task<OutboundMessage?> NoticeAsync(CapturedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);

        // The cheap test first: most channel messages hold no promise and cost no I/O at all.
        if (!PromiseReader.MightHoldPromise(message.Text))
        {
            return null;
        }

        var workspace = await workspaces.FindAsync(message.WorkspaceId, cancellationToken);
        if (workspace is null || !workspace.Policy.NoticePromises)
        {
            return null;
        }

        var now = StoredTime.Now(clock);
        var author = await people.FindAsync(message.WorkspaceId, message.AuthorId, cancellationToken);
        var zone = TimeZones.ResolveOrUtc(author?.EffectiveZoneId ?? TimeZones.DefaultZoneId);
        var context = new DueContext(now, zone, workspace.DateOrder, author?.EffectiveWorkingHours ?? WorkingHours.Default);
        var recent = CaptureForm.RecentCustomers(await commitments.ListActiveByOwnersAsync(message.WorkspaceId, [message.AuthorId], 50, cancellationToken));
        var read = PromiseReader.Read(message.Text, context, recent);
        if (read is null)
        {
            return null;
        }

        if (await mutes.IsMutedAsync(message.WorkspaceId, message.ChannelId, message.AuthorId, now, cancellationToken))
        {
            return null;
        }

        var prefill = CaptureForm.Read(message, context, recent);
        return Note(read, prefill, message.ChannelId, zone, now);
    }

    /// <summary>
    /// The "Track as a promise" form for <paramref name="userId"/> (who used the shortcut or message action), prefilled
    /// from <paramref name="message"/> in that person's zone, with their recent customers to pick from.
    /// </summary>
    public async Task<OutboundMessage> FormAsync(CapturedMessage message, string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var workspace = await workspaces.FindAsync(message.WorkspaceId, cancellationToken);
        var me = await people.FindAsync(message.WorkspaceId, userId, cancellationToken);
        var zone = TimeZones.ResolveOrUtc(me?.EffectiveZoneId ?? TimeZones.DefaultZoneId);
        var context = new DueContext(StoredTime.Now(clock), zone, workspace?.DateOrder ?? DateOrder.MDY, me?.EffectiveWorkingHours ?? WorkingHours.Default);
        var recent = CaptureForm.RecentCustomers(await commitments.ListActiveByOwnersAsync(message.WorkspaceId, [userId], 50, cancellationToken));
        return CaptureForm.Build(CaptureForm.Read(message, context, recent));
    }

    /// <summary>The note: the prefilled form, Track and Not a promise.</summary>
    public static OutboundMessage Note(ReadPromise read, CaptureForm.Prefill prefill, string channelId, NodaTime.DateTimeZone zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(prefill);
        var forWhom = prefill.Customer is null ? "" : prefill.Customer + " ";
        var text = $"Looks like you promised {forWhom}{read.Thing} by {TimeText.FormatDue(read.Due.Due, zone, read.Due.Zone, now)}. Track it?";
        var form = CaptureForm.Build(prefill).Sections[0];
        var section = form with
        {
            Title = null,
            Text = "Only you can see this. Nothing is saved unless you press Track.",
            Buttons =
            [
                form.Buttons[0],
                new MessageButton(ActionIds.For(ActionIds.NotAPromise, channelId), "Not a promise"),
            ],
        };
        return new OutboundMessage(MessageKind.Reply, text, [section]);
    }
}
