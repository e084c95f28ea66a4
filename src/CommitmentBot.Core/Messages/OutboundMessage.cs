namespace CommitmentBot.Core.Messages;

/// <summary>What kind of message this is; renderers pick colours and headers by it.</summary>
public enum MessageKind
{
    /// <summary>A plain answer to a command.</summary>
    Reply,

    /// <summary>The input could not be used; nothing changed.</summary>
    Error,

    /// <summary>A commitment was made.</summary>
    Created,

    /// <summary>A list of commitments.</summary>
    List,

    /// <summary>Help text.</summary>
    Help,

    /// <summary>Ladder step 1: before due.</summary>
    HeadsUp,

    /// <summary>Ladder step 2: at due.</summary>
    Due,

    /// <summary>Ladder step 3: overdue, with the slip playbook.</summary>
    Overdue,

    /// <summary>Ladder step 4 (and its reminder): the manager hears.</summary>
    ManagerEscalation,

    /// <summary>Early warning to the manager after a risk flag before due.</summary>
    ManagerEarlyWarning,

    /// <summary>Ladder step 5: the escalation channel hears.</summary>
    ChannelEscalation,

    /// <summary>The slip playbook checklist.</summary>
    Playbook,

    /// <summary>Several notifications for one person, a section each.</summary>
    Bundle,

    /// <summary>Something the admin must know (no manager, no channel).</summary>
    AdminNotice,

    /// <summary>The weekly digest: a manager's team week, or a rep's "your week".</summary>
    Digest,
    /// <summary>Who reports to whom changed: told to the old and new manager, the admins and the rep (issue 9.19).</summary>
    TeamChange,
}

/// <summary>
/// A platform-neutral message: a headline and sections, each with facts, buttons and inputs.
/// Slack renders it as Block Kit, Teams as an Adaptive Card, the sandbox as text and buttons.
/// </summary>
/// <param name="Kind">What kind of message it is.</param>
/// <param name="Text">The headline, also the plain-text fallback for notifications and screen readers.</param>
/// <param name="Sections">The body; a bundle has one section per commitment.</param>
public sealed record OutboundMessage(MessageKind Kind, string Text, IReadOnlyList<MessageSection> Sections)
{
    /// <summary>
    /// True when this reply to a button press takes the place of the message the button was on (the slip playbook's
    /// checklist, ticked): Slack edits that message (<c>chat.update</c>, or <c>replace_original</c> for an ephemeral
    /// one), Teams updates the card, the sandbox replaces it in place. False: the reply is a new message.
    /// </summary>
    public bool UpdatesOriginal { get; init; }

    /// <summary>A message with a headline only.</summary>
    public static OutboundMessage Plain(string text, MessageKind kind = MessageKind.Reply) => new(kind, text, []);

    /// <summary>Charts shown with the message (drawn by the host; each carries its numbers in words).</summary>
    public IReadOnlyList<MessageImage> Images { get; init; } = [];

    /// <summary>An error reply: nothing changed.</summary>
    public static OutboundMessage Problem(string text) => new(MessageKind.Error, text, []);

    /// <summary>Every button of every section, in order.</summary>
    public IEnumerable<MessageButton> AllButtons => Sections.SelectMany(s => s.Buttons);

    /// <summary>Everything a person would read, as plain text (sections separated by blank lines).</summary>
    public string ToPlainText()
    {
        var lines = new List<string> { Text };
        foreach (var section in Sections)
        {
            lines.Add("");
            if (section.Title is { Length: > 0 } title)
            {
                lines.Add(title);
            }

            if (section.Text is { Length: > 0 } body)
            {
                lines.Add(body);
            }

            foreach (var fact in section.Facts)
            {
                lines.Add($"{fact.Label}: {fact.Value}");
            }
        }

        return string.Join('\n', lines).TrimEnd();
    }
}

/// <summary>A block of a message; usually about one commitment.</summary>
/// <param name="Title">A short title (e.g. "P-42 · Acme"), or null.</param>
/// <param name="Text">Body text, or null.</param>
/// <param name="Facts">Label/value pairs.</param>
/// <param name="Buttons">Buttons acting on this section's commitment.</param>
/// <param name="Inputs">Inputs submitted with a button (e.g. the new date for Need more time).</param>
/// <param name="CommitmentRef">The short id of the commitment the section is about, or null.</param>
public sealed record MessageSection(
    string? Title,
    string? Text,
    IReadOnlyList<MessageFact> Facts,
    IReadOnlyList<MessageButton> Buttons,
    IReadOnlyList<MessageInput> Inputs,
    string? CommitmentRef = null)
{
    /// <summary>A section with text only.</summary>
    public static MessageSection FromText(string text) => new(null, text, [], [], []);
}

/// <summary>A label and value; <paramref name="Instant"/> lets a platform show a time in each reader's zone.</summary>
/// <param name="Label">The label ("Due").</param>
/// <param name="Value">The value as the recipient reads it, already in their zone (and in the promise's named zone, if any).</param>
/// <param name="Instant">The instant behind the value, when it is a time.</param>
/// <param name="AlsoIn">
/// The same instant in the zone the promise named ("9:00 AM CET"), for a platform that draws <paramref name="Instant"/>
/// in the reader's zone itself and shows this beside it; null when none was named.
/// </param>
public sealed record MessageFact(string Label, string Value, DateTimeOffset? Instant = null, string? AlsoIn = null);

/// <summary>How a button looks.</summary>
public enum ButtonStyle
{
    /// <summary>Plain.</summary>
    Default,

    /// <summary>The expected answer.</summary>
    Primary,

    /// <summary>A closing or destructive answer.</summary>
    Danger,
}

/// <summary>A button. <paramref name="ActionId"/> is <c>verb:P-n</c> (see <see cref="ActionIds"/>).</summary>
/// <param name="ActionId">What pressing it does and to which commitment.</param>
/// <param name="Label">What it says.</param>
/// <param name="Style">How it looks.</param>
/// <param name="InputIds">Ids of the section's inputs submitted with it (empty = none).</param>
public sealed record MessageButton(string ActionId, string Label, ButtonStyle Style = ButtonStyle.Default, IReadOnlyList<string>? InputIds = null);

/// <summary>Kinds of input.</summary>
public enum InputKind
{
    /// <summary>A date (yyyy-MM-dd).</summary>
    Date,

    /// <summary>A time of day (HH:mm).</summary>
    Time,

    /// <summary>Free text.</summary>
    Text,

    /// <summary>One of several choices.</summary>
    Choice,
}

/// <summary>An input a person fills before pressing a button.</summary>
/// <param name="Id">The key its value is submitted under.</param>
/// <param name="Kind">What kind of input.</param>
/// <param name="Label">Its label.</param>
/// <param name="Initial">Initial value, or null.</param>
/// <param name="Required">Whether a value is needed.</param>
/// <param name="Choices">For <see cref="InputKind.Choice"/>: value and title pairs.</param>
/// <param name="MaxLength">For text: the most characters accepted.</param>
public sealed record MessageInput(
    string Id,
    InputKind Kind,
    string Label,
    string? Initial = null,
    bool Required = false,
    IReadOnlyList<KeyValuePair<string, string>>? Choices = null,
    int? MaxLength = null);

/// <summary>A chart in a message: the platform shows it as an image, with <see cref="Alt"/> as its text alternative.</summary>
/// <param name="Chart">The chart's data.</param>
public sealed record MessageImage(Records.RecordChart Chart)
{
    /// <summary>The text alternative, with the chart's numbers.</summary>
    public string Alt => Chart.AltText;
}
