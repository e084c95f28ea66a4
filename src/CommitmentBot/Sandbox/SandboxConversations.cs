using System.Globalization;
using CommitmentBot.Core.Messages;

namespace CommitmentBot.Sandbox;

/// <summary>
/// A button as the sandbox API shows it. <see cref="Inputs"/> are the inputs it submits (a small form
/// on the page), taken from the button's own section: a list of several promises has a date input per
/// promise, each starting at that promise's due.
/// </summary>
public sealed record SandboxButton(string ActionId, string Label, string Style, IReadOnlyList<SandboxInput> Inputs);

/// <summary>An input as the sandbox API shows it.</summary>
public sealed record SandboxInput(string Id, string Kind, string Label, string? Initial, bool Required, int? MaxLength, IReadOnlyList<string>? Choices = null);

/// <summary>A label and value in a section ("Due", "Fri 5 Feb, 3:00 PM EST — in 4 days").</summary>
public sealed record SandboxFact(string Label, string Value);

/// <summary>One block of a message (usually one promise) with the buttons that act on it.</summary>
public sealed record SandboxSection(string? Title, string? Text, IReadOnlyList<SandboxFact> Facts, IReadOnlyList<SandboxButton> Buttons);

/// <summary>
/// A message as the sandbox API returns it: <c>{"id","text","buttons":[{"actionId","label"}],"at"}</c>,
/// plus the kind, who it was for (<c>reply:ana</c>, <c>user:ana</c>, <c>channel:escalations</c>) and the
/// same content in structure (headline and sections, each with its own buttons) for the page to lay out.
/// </summary>
public sealed record SandboxMessage(
    string Id,
    string Text,
    IReadOnlyList<SandboxButton> Buttons,
    DateTimeOffset At,
    string Kind,
    string To,
    string Headline,
    IReadOnlyList<SandboxSection> Sections,
    string? From = null);

/// <summary>
/// What the sandbox's people have been sent: direct messages per user, posts per channel, and every
/// message by id so its buttons can be pressed. Kept in memory: it is a demo surface; the commitments
/// themselves live in the database.
/// </summary>
public sealed class SandboxConversations
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, SandboxMessage> byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<SandboxMessage>> inboxes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<SandboxMessage>> channels = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<long, string> byDelivery = [];
    private long nextId;

    /// <summary>Records a reply to a command typed by <paramref name="userId"/> (not part of the inbox).</summary>
    public SandboxMessage AddReply(string userId, OutboundMessage message, DateTimeOffset at) =>
        Add(message, at, "reply:" + userId, list: null, deliveryId: null);

    /// <summary>Records a direct message to <paramref name="userId"/>.</summary>
    public SandboxMessage AddDirect(string userId, OutboundMessage message, DateTimeOffset at, long? deliveryId)
    {
        lock (gate)
        {
            if (!inboxes.TryGetValue(userId, out var inbox))
            {
                inbox = [];
                inboxes[userId] = inbox;
            }

            return Add(message, at, "user:" + userId, inbox, deliveryId);
        }
    }

    /// <summary>Records a post in channel <paramref name="channel"/>.</summary>
    public SandboxMessage AddChannelPost(string channel, OutboundMessage message, DateTimeOffset at, long? deliveryId)
    {
        lock (gate)
        {
            if (!channels.TryGetValue(channel, out var posts))
            {
                posts = [];
                channels[channel] = posts;
            }

            return Add(message, at, "channel:" + channel, posts, deliveryId);
        }
    }

    /// <summary>Records an ordinary message a person posted in a channel (not a command): what noticing promises reads.</summary>
    public SandboxMessage AddPersonPost(string channel, string userId, string userName, string text, DateTimeOffset at)
    {
        lock (gate)
        {
            if (!channels.TryGetValue(channel, out var posts))
            {
                posts = [];
                channels[channel] = posts;
            }

            var message = new OutboundMessage(MessageKind.Reply, text, []);
            var stored = Add(message, at, "channel:" + channel, posts, deliveryId: null) with { From = userId, Headline = userName };
            byId[stored.Id] = stored;
            posts[^1] = stored;
            return stored;
        }
    }

    /// <summary>The message with this id, or null.</summary>
    public SandboxMessage? Find(string id)
    {
        lock (gate)
        {
            return byId.GetValueOrDefault(id);
        }
    }

    /// <summary>The message sent for an outbox delivery, or null.</summary>
    public string? FindByDelivery(long deliveryId)
    {
        lock (gate)
        {
            return byDelivery.GetValueOrDefault(deliveryId);
        }
    }

    /// <summary>A user's direct messages, oldest first.</summary>
    public IReadOnlyList<SandboxMessage> Inbox(string userId)
    {
        lock (gate)
        {
            return inboxes.TryGetValue(userId, out var inbox) ? [.. inbox] : [];
        }
    }

    /// <summary>A channel's posts, oldest first.</summary>
    public IReadOnlyList<SandboxMessage> Channel(string channel)
    {
        lock (gate)
        {
            return channels.TryGetValue(channel, out var posts) ? [.. posts] : [];
        }
    }

    private SandboxMessage Add(OutboundMessage message, DateTimeOffset at, string to, List<SandboxMessage>? list, long? deliveryId)
    {
        lock (gate)
        {
            var id = "m" + (++nextId).ToString(CultureInfo.InvariantCulture);
            var sections = message.Sections
                .Select(section => new SandboxSection(
                    section.Title,
                    section.Text,
                    section.Facts.Select(f => new SandboxFact(f.Label, f.Value)).ToList(),
                    section.Buttons.Select(b => new SandboxButton(b.ActionId, b.Label, b.Style.ToString().ToLowerInvariant(), InputsOf(b, section))).ToList()))
                .ToList();
            var buttons = sections.SelectMany(s => s.Buttons).ToList();
            var stored = new SandboxMessage(id, message.ToPlainText(), buttons, at, message.Kind.ToString(), to, message.Text, sections);
            byId[id] = stored;
            list?.Add(stored);
            if (deliveryId is { } delivery)
            {
                byDelivery[delivery] = id;
            }

            return stored;
        }
    }

    private static List<SandboxInput> InputsOf(MessageButton button, MessageSection section) =>
        (button.InputIds ?? [])
            .Select(inputId => section.Inputs.FirstOrDefault(i => i.Id == inputId))
            .OfType<MessageInput>()
            .Select(i => new SandboxInput(i.Id, i.Kind.ToString().ToLowerInvariant(), i.Label, i.Initial, i.Required, i.MaxLength, i.Choices?.Select(c => c.Key).ToList()))
            .ToList();
}
