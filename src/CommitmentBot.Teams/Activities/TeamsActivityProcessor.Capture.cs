using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CommitmentBot.Core.Capture;
using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Ports;
using CommitmentBot.Teams.Cards;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Teams.Activities;

/// <summary>
/// Teams' side of SPEC's "Capture where the promise is made" and "Noticing promises". The message action "Track as a
/// promise" (a message extension action command, <c>context: ["message"]</c>, <c>fetchTask: true</c>) arrives as the
/// invoke <c>composeExtension/fetchTask</c>, answered with a task module holding the prefilled form; its submission is
/// <c>composeExtension/submitAction</c>, run through the same command path as a typed promise (once per invoke id) and
/// answered with the confirmation. With <c>ChannelMessage.Read.Group</c> (resource-specific consent) every channel message
/// reaches the bot: those that do not @mention it are only read for promises, and a flagged one gets a 1:1 note.
/// </summary>
public sealed partial class TeamsActivityProcessor
{
    /// <summary>The invoke Teams sends when the message action is chosen.</summary>
    public const string FetchTaskInvoke = "composeExtension/fetchTask";

    /// <summary>The invoke Teams sends when the task module's form is submitted.</summary>
    public const string SubmitActionInvoke = "composeExtension/submitAction";

    /// <summary>The command's id in the manifest's <c>composeExtensions[0].commands</c>.</summary>
    public const string TrackCommandId = "trackAsPromise";

    // The longest message text read for a promise (Teams messages can be far longer; a promise sits near the start).
    private const int MaxReadLength = CommandParser.MaxCommandLength;

    // A task module's form submits with Action.Submit (Action.Execute does not submit a dialog).
    private static readonly AdaptiveCardRenderer TaskCardRenderer = new(CardActionStyle.Submit);

    /// <summary>True for the invokes of the message action.</summary>
    public static bool IsMessageActionInvoke(string? name) =>
        string.Equals(name, FetchTaskInvoke, StringComparison.Ordinal) || string.Equals(name, SubmitActionInvoke, StringComparison.Ordinal);

    /// <summary>Answers <c>composeExtension/fetchTask</c> or <c>composeExtension/submitAction</c>: the body of the 200 response.</summary>
    public async Task<JsonObject> MessageActionAsync(InboundActivity inbound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        var activity = inbound.Activity;
        if (activity.Value is not { ValueKind: JsonValueKind.Object } value || StringOf(value, "commandId") != TrackCommandId)
        {
            return TaskMessage("That action is not one CommitmentBot knows; nothing was done.");
        }

        if (_noticer is null)
        {
            return TaskMessage("Track as a promise is not available here; nothing was done.");
        }

        if (ActivityReader.UserIdOf(activity) is not { } userId)
        {
            return TaskMessage("Teams did not say who you are, so nothing was done.");
        }

        var payload = value.TryGetProperty("messagePayload", out var p) && p.ValueKind == JsonValueKind.Object ? p : (JsonElement?)null;
        return string.Equals(activity.Name, FetchTaskInvoke, StringComparison.Ordinal)
            ? await FetchTaskAsync(inbound, userId, payload, cancellationToken).ConfigureAwait(false)
            : await SubmitActionAsync(inbound, value, payload, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JsonObject> FetchTaskAsync(InboundActivity inbound, string userId, JsonElement? payload, CancellationToken cancellationToken)
    {
        if (payload is not { } message || MessageTextOf(message) is not { Length: > 0 } text)
        {
            return TaskMessage("That message has no text to track as a promise.");
        }

        var activity = inbound.Activity;
        var author = message.TryGetProperty("from", out var from) && from.ValueKind == JsonValueKind.Object
            && from.TryGetProperty("user", out var user) && user.ValueKind == JsonValueKind.Object
            ? StringOf(user, "id") : null;
        var link = StringOf(message, "linkToMessage");
        var captured = new CapturedMessage(
            Platform,
            inbound.Tenant,
            ActivityReader.ChannelIdOf(activity) ?? inbound.ConversationId,
            StringOf(message, "id") ?? "",
            author ?? userId,
            text,
            CaptureForm.IsKeepableLink(link) ? link : null);
        var form = await _noticer!.FormAsync(captured, userId, cancellationToken).ConfigureAwait(false);
        return new JsonObject
        {
            ["task"] = new JsonObject
            {
                ["type"] = "continue",
                ["value"] = new JsonObject
                {
                    ["title"] = CaptureForm.Title,
                    ["height"] = "medium",
                    ["width"] = "medium",
                    ["card"] = new JsonObject
                    {
                        ["contentType"] = AdaptiveCardRenderer.ContentType,
                        ["content"] = TaskCard(form),
                    },
                },
            },
        };
    }

    private async Task<JsonObject> SubmitActionAsync(InboundActivity inbound, JsonElement value, JsonElement? payload, CancellationToken cancellationToken)
    {
        var data = value.TryGetProperty("data", out var d) ? d : default;
        if (!CardActionData.TryRead(data, null, out var actionId, out var read) || actionId != CaptureForm.SubmitActionId)
        {
            return TaskMessage("That form is not one CommitmentBot knows; nothing was saved.");
        }

        // The link back comes from the activity when the form did not carry one.
        var values = new Dictionary<string, string>(read, StringComparer.Ordinal);
        if (!values.ContainsKey(ActionIds.LinkInput) && payload is { } message && StringOf(message, "linkToMessage") is { } link && CaptureForm.IsKeepableLink(link))
        {
            values[ActionIds.LinkInput] = link;
        }

        var request = BaseRequest(inbound) with { Action = new ChatAction(actionId, values) };
        var (ran, reply) = await HandleOnceAsync(inbound, request, always: false, cancellationToken).ConfigureAwait(false);
        if (!ran)
        {
            return TaskMessage("That was already done: the promise is saved.");
        }

        return TaskMessage(reply?.ToPlainText() ?? "Nothing was done.");
    }

    /// <summary>The form as a task module card: every input shown, one Track button (Action.Submit) that sends them all.</summary>
    private static JsonObject TaskCard(OutboundMessage form)
    {
        var sections = form.Sections.Select(s => s with { Buttons = [.. s.Buttons.Select(b => b with { InputIds = null })] }).ToList();
        return TaskCardRenderer.Render(form with { Sections = sections });
    }

    private static JsonObject TaskMessage(string text) => new()
    {
        ["task"] = new JsonObject
        {
            ["type"] = "message",
            ["value"] = text.Length <= 1000 ? text : text[..999] + "…",
        },
    };

    /// <summary>
    /// A person's channel message that does not address the bot: read for a promise (cheaply rejected first, with no I/O),
    /// judged once per message whatever Teams redelivers, and a flagged one gets its author a 1:1 note.
    /// </summary>
    private async Task NoticeAsync(InboundActivity inbound, CancellationToken cancellationToken)
    {
        var activity = inbound.Activity;
        if (_noticer is null || _directSender is null || IsFromABot(activity) || activity.Id is not { Length: > 0 } messageId)
        {
            return;
        }

        var text = ActivityReader.CommandTextOf(activity);
        if (text.Length == 0 || !PromiseReader.MightHoldPromise(text)
            || ActivityReader.UserIdOf(activity) is not { } authorId || ActivityReader.ChannelIdOf(activity) is not { } channelId)
        {
            return;
        }

        var captured = new CapturedMessage(Platform, inbound.Tenant, channelId, messageId, authorId, Clip(text, MaxReadLength), LinkTo(inbound, channelId, messageId));
        var (ran, note) = await OnceAsync(inbound, stop => _noticer.NoticeAsync(captured, stop), cancellationToken).ConfigureAwait(false);
        if (!ran || note is null)
        {
            return;
        }

        var sent = await _directSender.SendAsync(new ChatDelivery(0, inbound.Tenant, RecipientKind.User, authorId, note), cancellationToken).ConfigureAwait(false);
        if (sent is not ChatSent)
        {
            _logger.LogWarning("The note about a promise noticed in a channel was not delivered: {Result}", sent);
        }
    }

    /// <summary>True when the message @mentions the bot (or, from an older client with no entities, holds an <c>&lt;at&gt;</c> tag).</summary>
    private static bool AddressesBot(Activity activity)
    {
        var botId = activity.Recipient?.Id;
        var mentions = (activity.Entities ?? []).Where(e => e is not null && string.Equals(e.Type, "mention", StringComparison.OrdinalIgnoreCase)).ToList();
        if (mentions.Any(m => botId is not null && string.Equals(m.Mentioned?.Id, botId, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        return mentions.Count == 0 && activity.Text?.Contains("<at>", StringComparison.OrdinalIgnoreCase) == true;
    }

    // Teams does not deliver other bots' messages under RSC, but a bot's own posts and an app's are refused here too.
    private static bool IsFromABot(Activity activity) =>
        string.Equals(activity.From?.Role, "bot", StringComparison.OrdinalIgnoreCase)
        || activity.From?.Id?.StartsWith("28:", StringComparison.Ordinal) == true
        || string.Equals(activity.From?.Id, activity.Recipient?.Id, StringComparison.OrdinalIgnoreCase);

    // Teams' deep link to a channel message (the thread's root is the conversation id's messageid).
    private static string LinkTo(InboundActivity inbound, string channelId, string messageId)
    {
        var conversation = inbound.ConversationId;
        var at = conversation.IndexOf(";messageid=", StringComparison.OrdinalIgnoreCase);
        var root = at > 0 ? conversation[(at + ";messageid=".Length)..] : messageId;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"https://teams.microsoft.com/l/message/{Uri.EscapeDataString(channelId)}/{Uri.EscapeDataString(messageId)}?tenantId={Uri.EscapeDataString(inbound.Tenant)}&parentMessageId={Uri.EscapeDataString(root)}");
    }

    /// <summary>The plain text of a <c>messagePayload</c>'s body (HTML markup removed).</summary>
    private static string? MessageTextOf(JsonElement message)
    {
        if (!message.TryGetProperty("body", out var body) || body.ValueKind != JsonValueKind.Object || StringOf(body, "content") is not { } content)
        {
            return null;
        }

        var text = Clip(content, MaxReadLength * 4);
        if (!string.Equals(StringOf(body, "contentType"), "text", StringComparison.OrdinalIgnoreCase))
        {
            text = WebUtility.HtmlDecode(Markup().Replace(text, " ")).Replace('\u00a0', ' ');
        }

        return Clip(Spaces().Replace(text, " ").Trim(), MaxReadLength);
    }

    private static string? StringOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];

    [GeneratedRegex("<[^>]{0,400}>", RegexOptions.None, 100)]
    private static partial Regex Markup();

    [GeneratedRegex(@"\s+", RegexOptions.None, 100)]
    private static partial Regex Spaces();
}
