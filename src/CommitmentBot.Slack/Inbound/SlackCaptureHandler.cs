using CommitmentBot.Core.Capture;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Time;
using CommitmentBot.Slack.Api;
using CommitmentBot.Slack.BlockKit;
using CommitmentBot.Slack.Install;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Slack.Inbound;

/// <summary>
/// Slack's side of SPEC's "Capture where the promise is made" and "Noticing promises". The message shortcut
/// "Track as a promise" (<c>message_action</c>, callback <see cref="ShortcutCallbackId"/>) opens the prefilled form as a
/// modal; its submission is an ordinary modal submission of <c>capture:new</c>, run like every other. A person's
/// channel message (<c>message.channels</c>, <c>message.groups</c>) that reads as a promise gets an ephemeral note.
/// </summary>
internal sealed class SlackCaptureHandler(
    ISlackApiClient api,
    ISlackTokenSource tokens,
    SlackViewOpener views,
    SlackFollowUps followUps,
    SlackDeduplication deduplication,
    SlackReplies replies,
    PromiseNoticer noticer,
    IPeopleStore people,
    IWorkspaceStore workspaces,
    ICommitmentStore commitments,
    TimeProvider time,
    ILogger<SlackCaptureHandler> logger)
{
    /// <summary>The shortcut's <c>callback_id</c> in the manifest.</summary>
    public const string ShortcutCallbackId = "track_as_promise";

    /// <summary>Look-ups before views.open get this long; the trigger id lives 3 s.</summary>
    private static readonly TimeSpan LookupBudget = TimeSpan.FromSeconds(1.2);

    private static readonly TimeSpan OpenViewLimit = TimeSpan.FromSeconds(2.5);

    public async Task<Ok> OnMessageActionAsync(InteractionPayload payload, string workspaceId, string userId, CancellationToken aborted)
    {
        if (payload.CallbackId != ShortcutCallbackId || payload.Message is not { Ts: { Length: > 0 } ts } message || payload.Channel?.Id is not { Length: > 0 } channelId)
        {
            return TypedResults.Ok();
        }

        var token = await tokens.FindBotTokenAsync(workspaceId, aborted);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        budget.CancelAfter(LookupBudget);
        var link = token is null ? null : await TryAsync(() => api.GetPermalinkAsync(token, channelId, ts, budget.Token), "chat.getPermalink");
        var external = token is null ? null : await ExternalOrganisationAsync(token, workspaceId, channelId, budget.Token);
        var captured = new CapturedMessage(SlackWorkspaces.Platform, workspaceId, channelId, ts, message.User ?? userId, SlackText.Unescape(message.Text ?? ""), link, external);
        var prefill = await PrefillAsync(captured, workspaceId, userId, aborted);
        var form = CaptureForm.Build(prefill);
        var section = form.Sections[0];
        var submit = section.Buttons[0];
        var state = new ModalState(submit.ActionId, channelId, null, payload.ResponseUrl, FirstInputId: submit.InputIds is { Count: > 0 } ids ? ids[0] : null);
        if (!await views.TryOpenAsync(workspaceId, payload.TriggerId, BlockKitRenderer.RenderModal(BlockKitRenderer.FormModal(submit, section), state), OpenViewLimit, "capture", aborted))
        {
            var responseUrl = payload.ResponseUrl;
            followUps.Run("capture failure reply", stopping => replies.DeliverAsync(
                Core.Messages.OutboundMessage.Problem("The form could not be opened. Please use Track as a promise again."), workspaceId, userId, responseUrl, stopping));
        }

        return TypedResults.Ok();
    }

    /// <summary>A channel message event: noticed at most once per message (by channel and ts), whatever Slack redelivers.</summary>
    public void OnMessageEvent(string workspaceId, SlackEvent message)
    {
        if (!IsPersonsNewChannelMessage(message) || !PromiseReader.MightHoldPromise(message.Text))
        {
            return;
        }

        var channel = message.Channel!;
        var ts = message.Ts!;
        var author = message.User!;
        followUps.Run("notice promise", async stopping =>
        {
            var run = await deduplication.RunOnceAsync(workspaceId, "notice:" + channel + ":" + ts, async ct =>
                await noticer.NoticeAsync(new CapturedMessage(SlackWorkspaces.Platform, workspaceId, channel, ts, author, SlackText.Unescape(message.Text!)), ct), stopping);
            if (run is not RequestRan<Core.Messages.OutboundMessage?> { Result: { } note } || await tokens.FindBotTokenAsync(workspaceId, stopping) is not { } token)
            {
                return;
            }

            var link = await TryAsync(() => api.GetPermalinkAsync(token, channel, ts, stopping), "chat.getPermalink");
            if (link is not null)
            {
                note = WithLink(note, link);
            }

            await api.PostEphemeralAsync(token, channel, author, BlockKitRenderer.RenderMessage(note), stopping);
        });
    }

    /// <summary>
    /// A person's new message in a channel: not a bot's, not an edit, deletion or thread broadcast (any subtype), not in a DM.
    /// </summary>
    public static bool IsPersonsNewChannelMessage(SlackEvent message) =>
        message.Type == "message"
        && message.Subtype is null
        && message.BotId is null
        && !string.IsNullOrEmpty(message.User)
        && !string.IsNullOrEmpty(message.Ts)
        && !string.IsNullOrEmpty(message.Channel)
        && message.ChannelType is "channel" or "group"
        && !string.IsNullOrEmpty(message.Text);

    private static Core.Messages.OutboundMessage WithLink(Core.Messages.OutboundMessage note, string link)
    {
        var section = note.Sections[0];
        var inputs = section.Inputs.Select(i => i.Id == Core.Messages.ActionIds.LinkInput ? i with { Initial = link } : i).ToList();
        return note with { Sections = [section with { Inputs = inputs }] };
    }

    private async Task<CaptureForm.Prefill> PrefillAsync(CapturedMessage message, string workspaceId, string userId, CancellationToken cancellationToken)
    {
        var workspace = await workspaces.FindAsync(workspaceId, cancellationToken);
        var me = await people.FindAsync(workspaceId, userId, cancellationToken);
        var zone = TimeZones.ResolveOrUtc(me?.EffectiveZoneId ?? TimeZones.DefaultZoneId);
        var context = new DueContext(StoredTime.Now(time), zone, workspace?.DateOrder ?? DateOrder.MDY, me?.EffectiveWorkingHours ?? WorkingHours.Default);
        var recent = CaptureForm.RecentCustomers(await commitments.ListActiveByOwnersAsync(workspaceId, [userId], 50, cancellationToken));
        return CaptureForm.Read(message, context, recent);
    }

    // In a Slack Connect channel the customer is the other organisation: conversations.info names the teams, team.info their names.
    private async Task<string?> ExternalOrganisationAsync(string token, string workspaceId, string channelId, CancellationToken cancellationToken)
    {
        var info = await TryAsync(() => api.GetConversationAsync(token, channelId, cancellationToken), "conversations.info");
        if (info is not { IsExtShared: true })
        {
            return null;
        }

        var own = workspaceId.Split(':')[^1];
        var other = (info.ConnectedTeamIds ?? info.SharedTeamIds ?? []).FirstOrDefault(t => !string.Equals(t, own, StringComparison.Ordinal));
        if (other is null)
        {
            return null;
        }

        var team = await TryAsync(() => api.GetTeamAsync(token, other, cancellationToken), "team.info");
        return string.IsNullOrWhiteSpace(team?.Name) ? null : team.Name;
    }

    // A look-up that fails or runs out of time leaves its part of the form empty; the form still opens.
    private async Task<T?> TryAsync<T>(Func<Task<T?>> call, string method)
        where T : class
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is SlackApiException or OperationCanceledException or HttpRequestException)
        {
            logger.LogInformation("Slack {Method} for a captured message failed ({Error}); the form opens without it.", method, ex.GetType().Name);
            return null;
        }
    }
}
