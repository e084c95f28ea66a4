using System.Globalization;
using System.Text.Json;
using CommitmentBot.Core.Messages;

namespace CommitmentBot.Sandbox;

/// <summary>
/// A button as the sandbox API shows it. <see cref="Inputs"/> are the inputs it submits (a small form
/// on the page), taken from the button's own section: a list of several promises has a date input per
/// promise, each starting at that promise's due. <see cref="Outcome"/> is what pressing it did, once it
/// was used (the page shows that in the button's place, as Slack's <c>chat.update</c> and Teams' card
/// update do); null while it is live.
/// </summary>
public sealed record SandboxButton(string ActionId, string Label, string Style, IReadOnlyList<SandboxInput> Inputs, string? Outcome = null);

/// <summary>
/// An input as the sandbox API shows it. A <c>choice</c> input lists its values in <see cref="Choices"/> and the same
/// values with what each reads as in <see cref="Options"/> (<c>{"value":"1h","title":"1 hour"}</c>): the page shows the
/// titles and submits the values.
/// </summary>
public sealed record SandboxInput(string Id, string Kind, string Label, string? Initial, bool Required, int? MaxLength, IReadOnlyList<string>? Choices = null)
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SandboxChoice>? Options { get; init; }
}

/// <summary>One choice of a <c>choice</c> input: the value submitted and the title shown.</summary>
public sealed record SandboxChoice(string Value, string Title);

/// <summary>A label and value in a section ("Due", "Fri 5 Feb, 3:00 PM EST — in 4 days").</summary>
public sealed record SandboxFact(string Label, string Value);

/// <summary>One block of a message (usually one promise) with the buttons that act on it.</summary>
public sealed record SandboxSection(string? Title, string? Text, IReadOnlyList<SandboxFact> Facts, IReadOnlyList<SandboxButton> Buttons);

/// <summary>
/// A message as the sandbox API returns it: <c>{"id","text","buttons":[{"actionId","label"}],"at"}</c>,
/// plus the kind, who it was for (<c>reply:ana</c>, <c>user:ana</c>, <c>channel:escalations</c>, or
/// <c>from:ana</c> for what ana typed or pressed: kinds <c>Said</c> and <c>Pressed</c>) and the same content
/// in structure (headline and sections, each with its own buttons) for the page to lay out.
/// <see cref="Channel"/> names the channel a command was typed in (its reply shows there, to that person
/// only); <see cref="Seq"/> is the arrival order, which breaks ties between messages of one simulated
/// instant; <see cref="UpdatedAt"/> is when the message was replaced in place (the playbook's checklist).
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
    string? Channel = null,
    long Seq = 0,
    DateTimeOffset? UpdatedAt = null,
    string? From = null)
{
    /// <summary>The charts shown with the message (<c>{"url","alt"}</c>, the alt carrying the numbers); absent when none.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SandboxImage>? Images { get; init; }
}

/// <summary>A chart in a sandbox message: a signed, expiring image URL and its text alternative.</summary>
public sealed record SandboxImage(string Url, string Alt);

/// <summary>A channel the page can show: the escalation channel and every channel something happened in.</summary>
public sealed record SandboxChannel(string Name, bool Escalation, int Posts);

/// <summary>
/// What the sandbox's people have said and been sent: each person's conversation with the bot (what they typed
/// and pressed, the replies, the direct messages), the channels' posts, and every message by id so its buttons can
/// be pressed. Everything is ordered by simulated instant, then arrival. Kept in the data folder so a reload or a
/// restart shows the same conversation: a snapshot (<c>sandbox-conversations.json</c>) and a journal beside it
/// (<c>sandbox-conversations.json.journal</c>, one JSON line per change). A change appends one line, so its cost does
/// not grow with the history; the journal is folded into the snapshot when the sandbox starts and when replaced
/// lines outnumber the live messages. <see cref="Clear"/> starts over.
/// </summary>
public sealed class SandboxConversations
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Lock gate = new();
    private readonly string? statePath;
    private readonly List<SandboxMessage> messages = [];
    private readonly Dictionary<string, int> byId = new(StringComparer.Ordinal);
    private readonly Dictionary<long, string> byDelivery = [];
    private readonly HashSet<string> channelsUsed = new(StringComparer.OrdinalIgnoreCase);
    private readonly Records.RecordLinks? links;
    private long nextId;

    public SandboxConversations()
        : this(null)
    {
    }

    /// <param name="statePath">The file the conversations are kept in, or null to keep them in memory only.</param>
    public SandboxConversations(string? statePath)
        : this(statePath, null)
    {
    }

    /// <param name="statePath">The file the conversations are kept in, or null to keep them in memory only.</param>
    /// <param name="links">Makes the charts' image URLs (signed, expiring).</param>
    public SandboxConversations(string? statePath, Records.RecordLinks? links)
    {
        this.links = links;
        this.statePath = statePath;
        Load();
    }

    /// <summary>Records what <paramref name="userId"/> typed (in <paramref name="channel"/>, or to the bot when null).</summary>
    public SandboxMessage AddSaid(string userId, string text, string? channel, DateTimeOffset at) =>
        Add(new OutboundMessage(MessageKind.Reply, text, []), at, "from:" + userId, "Said", channel, null);

    /// <summary>Records a button <paramref name="userId"/> pressed (<paramref name="text"/> says which, with the values given).</summary>
    public SandboxMessage AddPressed(string userId, string text, string? channel, DateTimeOffset at) =>
        Add(new OutboundMessage(MessageKind.Reply, text, []), at, "from:" + userId, "Pressed", channel, null);

    /// <summary>Records a reply to a command typed (or a button pressed) by <paramref name="userId"/>.</summary>
    public SandboxMessage AddReply(string userId, OutboundMessage message, DateTimeOffset at, string? channel = null) =>
        Add(message, at, "reply:" + userId, null, channel, null);

    /// <summary>Records a direct message to <paramref name="userId"/>.</summary>
    public SandboxMessage AddDirect(string userId, OutboundMessage message, DateTimeOffset at, long? deliveryId) =>
        Add(message, at, "user:" + userId, null, null, deliveryId);

    /// <summary>Records a post in channel <paramref name="channel"/>.</summary>
    public SandboxMessage AddChannelPost(string channel, OutboundMessage message, DateTimeOffset at, long? deliveryId) =>
        Add(message, at, "channel:" + channel, null, null, deliveryId);

    /// <summary>
    /// Replaces message <paramref name="id"/>'s content with <paramref name="message"/>, keeping its id, place and
    /// addressee (the playbook's checklist, ticked). Returns the updated message, or null when there is none.
    /// </summary>
    public SandboxMessage? Replace(string id, OutboundMessage message, DateTimeOffset at)
    {
        lock (gate)
        {
            if (!byId.TryGetValue(id, out var index))
            {
                return null;
            }

            var old = messages[index];
            var fresh = Render(message, old.Id, old.At, old.To, old.Kind is "Said" or "Pressed" ? old.Kind : null, old.Channel, old.Seq) with { UpdatedAt = at };
            messages[index] = fresh;
            Append(new Change(Message: fresh));
            return fresh;
        }
    }

    /// <summary>Marks the button <paramref name="actionId"/> of message <paramref name="id"/> used, with what it did.</summary>
    public void MarkUsed(string id, string actionId, string outcome)
    {
        lock (gate)
        {
            if (!byId.TryGetValue(id, out var index))
            {
                return;
            }

            var old = messages[index];
            SandboxButton Mark(SandboxButton b) => b.ActionId == actionId ? b with { Outcome = outcome } : b;
            messages[index] = old with
            {
                Buttons = old.Buttons.Select(Mark).ToList(),
                Sections = old.Sections.Select(s => s with { Buttons = s.Buttons.Select(Mark).ToList() }).ToList(),
            };
            Append(new Change(Message: messages[index]));
        }
    }

    /// <summary>Records an ordinary message a person posted in a channel (not a command): what noticing promises reads.</summary>
    public SandboxMessage AddPersonPost(string channel, string userId, string userName, string text, DateTimeOffset at)
    {
        lock (gate)
        {
            var seq = ++nextId;
            var stored = Render(new OutboundMessage(MessageKind.Reply, text, []), "m" + seq.ToString(CultureInfo.InvariantCulture), at, "channel:" + channel, null, null, seq)
                with { From = userId, Headline = userName };
            byId[stored.Id] = messages.Count;
            messages.Add(stored);
            channelsUsed.Add(channel);
            Append(new Change(Message: stored, Channel: channel));
            return stored;
        }
    }

    /// <summary>The message with this id, or null.</summary>
    public SandboxMessage? Find(string id)
    {
        lock (gate)
        {
            return byId.TryGetValue(id, out var index) ? messages[index] : null;
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
    public IReadOnlyList<SandboxMessage> Inbox(string userId) => Select(m => m.To == "user:" + userId);

    /// <summary>
    /// A user's whole conversation with the bot: what they typed and pressed outside channels, the replies, and
    /// their direct messages; ordered by simulated instant, then arrival.
    /// </summary>
    public IReadOnlyList<SandboxMessage> Conversation(string userId) =>
        Select(m => m.Channel is null && (m.To == "user:" + userId || m.To == "reply:" + userId || m.To == "from:" + userId));

    /// <summary>A channel's posts, oldest first; with <paramref name="viewer"/>, also what they typed there and its replies (only they see those).</summary>
    public IReadOnlyList<SandboxMessage> Channel(string channel, string? viewer = null) =>
        Select(m => m.To.Equals("channel:" + channel, StringComparison.OrdinalIgnoreCase)
            || (viewer is not null && string.Equals(m.Channel, channel, StringComparison.OrdinalIgnoreCase)
                && (m.To == "reply:" + viewer || m.To == "from:" + viewer)));

    /// <summary>Every channel posted or typed in, with its number of posts; <paramref name="escalation"/> is listed first, even when empty.</summary>
    public IReadOnlyList<SandboxChannel> Channels(string? escalation)
    {
        lock (gate)
        {
            var names = new List<string>();
            if (!string.IsNullOrEmpty(escalation))
            {
                names.Add(escalation);
                if (channelsUsed.Add(escalation))
                {
                    Append(new Change(Channel: escalation)); // a channel once named for escalations stays listed after another is named
                }
            }

            names.AddRange(channelsUsed.Where(c => !string.Equals(c, escalation, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.OrdinalIgnoreCase));
            return names
                .Select(n => new SandboxChannel(n, string.Equals(n, escalation, StringComparison.OrdinalIgnoreCase), messages.Count(m => m.To.Equals("channel:" + n, StringComparison.OrdinalIgnoreCase))))
                .ToList();
        }
    }

    /// <summary>Forgets every conversation (the sandbox's reset) and removes the file.</summary>
    public void Clear()
    {
        lock (gate)
        {
            messages.Clear();
            byId.Clear();
            byDelivery.Clear();
            channelsUsed.Clear();
            nextId = 0;
            journalLines = 0;
            if (statePath is not null)
            {
                File.Delete(JournalPath);
                File.Delete(statePath);
            }
        }
    }

    private List<SandboxMessage> Select(Func<SandboxMessage, bool> which)
    {
        lock (gate)
        {
            return messages.Where(which).OrderBy(m => m.At).ThenBy(m => m.Seq).ToList();
        }
    }

    private SandboxMessage Add(OutboundMessage message, DateTimeOffset at, string to, string? kind, string? channel, long? deliveryId)
    {
        lock (gate)
        {
            var seq = ++nextId;
            var stored = Render(message, "m" + seq.ToString(CultureInfo.InvariantCulture), at, to, kind, channel, seq);
            byId[stored.Id] = messages.Count;
            messages.Add(stored);
            if (deliveryId is { } delivery)
            {
                byDelivery[delivery] = stored.Id;
            }

            var used = channel ?? (to.StartsWith("channel:", StringComparison.Ordinal) ? to[8..] : null);
            if (used is not null)
            {
                channelsUsed.Add(used);
            }

            Append(new Change(Message: stored, Delivery: deliveryId, Channel: used));
            return stored;
        }
    }

    private SandboxMessage Render(OutboundMessage message, string id, DateTimeOffset at, string to, string? kind, string? channel, long seq)
    {
        var sections = message.Sections
            .Select(section => new SandboxSection(
                section.Title,
                section.Text,
                section.Facts.Select(f => new SandboxFact(f.Label, f.Value)).ToList(),
                section.Buttons.Select(b => new SandboxButton(b.ActionId, b.Label, b.Style.ToString().ToLowerInvariant(), InputsOf(b, section))).ToList()))
            .ToList();
        var buttons = sections.SelectMany(s => s.Buttons).ToList();
        return new SandboxMessage(id, message.ToPlainText(), buttons, at, kind ?? message.Kind.ToString(), to, message.Text, sections, channel, seq)
        {
            Images = message.Images.Count == 0 || links is null ? null : message.Images.Select(i => new SandboxImage(links.ChartUrl(i.Chart), i.Alt)).ToList(),
        };
    }

    private static List<SandboxInput> InputsOf(MessageButton button, MessageSection section) =>
        (button.InputIds ?? [])
            .Select(inputId => section.Inputs.FirstOrDefault(i => i.Id == inputId))
            .OfType<MessageInput>()
            .Select(i => new SandboxInput(i.Id, i.Kind.ToString().ToLowerInvariant(), i.Label, i.Initial, i.Required, i.MaxLength, i.Choices?.Select(c => c.Key).ToList())
            {
                Options = i.Choices?.Select(c => new SandboxChoice(c.Key, c.Value)).ToList(),
            })
            .ToList();

    private sealed record State(long NextId, List<SandboxMessage> Messages, Dictionary<long, string> Deliveries, List<string> Channels);

    /// <summary>
    /// One journal line: a message added or replaced (by id: replaying it twice gives the same state), the delivery it
    /// was sent for, a channel now in use.
    /// </summary>
    private sealed record Change(SandboxMessage? Message = null, long? Delivery = null, string? Channel = null);

    private string JournalPath => statePath + ".journal";

    /// <summary>Lines in the journal since the last snapshot; more of them than live messages means it is mostly replaced lines.</summary>
    private int journalLines;

    /// <summary>Bytes this instance wrote to its files (snapshot and journal): what a change costs on disk.</summary>
    internal long BytesWritten { get; private set; }

    private void Load()
    {
        if (statePath is null)
        {
            return;
        }

        if (File.Exists(statePath))
        {
            State? state = null;
            try
            {
                state = JsonSerializer.Deserialize<State>(File.ReadAllText(statePath), Json);
            }
            catch (JsonException)
            {
                // a damaged snapshot: start from the journal alone rather than not start
            }

            if (state is not null)
            {
                nextId = state.NextId;
                foreach (var m in state.Messages ?? [])
                {
                    Put(m);
                }

                foreach (var (delivery, id) in state.Deliveries ?? [])
                {
                    byDelivery[delivery] = id;
                }

                channelsUsed.UnionWith(state.Channels ?? []);
            }
        }

        if (!File.Exists(JournalPath))
        {
            return;
        }

        foreach (var line in File.ReadLines(JournalPath))
        {
            Change? change;
            try
            {
                change = JsonSerializer.Deserialize<Change>(line, Json);
            }
            catch (JsonException)
            {
                continue; // a line cut short by a crash: the change it held is lost, the others stand
            }

            if (change?.Message is { } message)
            {
                Put(message);
                if (change.Delivery is { } delivery)
                {
                    byDelivery[delivery] = message.Id;
                }
            }

            if (change?.Channel is { } channel)
            {
                channelsUsed.Add(channel);
            }
        }

        Compact(); // start each run from one snapshot and an empty journal
    }

    /// <summary>Adds a loaded message, or replaces the one with its id in place; ids keep counting past it.</summary>
    private void Put(SandboxMessage message)
    {
        if (byId.TryGetValue(message.Id, out var index))
        {
            messages[index] = message;
        }
        else
        {
            byId[message.Id] = messages.Count;
            messages.Add(message);
        }

        nextId = Math.Max(nextId, message.Seq);
    }

    /// <summary>Appends one change to the journal; folds the journal into the snapshot once it is mostly replaced lines.</summary>
    private void Append(Change change)
    {
        if (statePath is null)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(statePath))!);
        var line = JsonSerializer.Serialize(change, Json) + "\n";
        File.AppendAllText(JournalPath, line);
        BytesWritten += System.Text.Encoding.UTF8.GetByteCount(line);
        journalLines++;
        if (journalLines > 1000 && journalLines > 2 * messages.Count)
        {
            Compact();
        }
    }

    /// <summary>
    /// Writes the whole state to a temporary file, moves it over the snapshot (so a crash never leaves half a file),
    /// then empties the journal. A crash between the two leaves a journal whose lines the snapshot already holds:
    /// replaying them gives the same state.
    /// </summary>
    private void Compact()
    {
        if (statePath is null)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(statePath))!);
        var temporary = statePath + ".tmp";
        var json = JsonSerializer.Serialize(new State(nextId, messages, byDelivery, [.. channelsUsed]), Json);
        File.WriteAllText(temporary, json);
        BytesWritten += System.Text.Encoding.UTF8.GetByteCount(json);
        File.Move(temporary, statePath, overwrite: true);
        File.Delete(JournalPath);
        journalLines = 0;
    }
}
