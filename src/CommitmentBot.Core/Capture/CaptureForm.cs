using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Capture;

/// <summary>
/// The "Track as a promise" form of SPEC's "Capture where the promise is made", prefilled from a message: what (the
/// sentence that holds the promise, else the message), for whom (the channel's external organisation, else a customer
/// named in the text, else a pick of the rep's recent customers), the due read by the parser, and the link back.
/// </summary>
public static class CaptureForm
{
    /// <summary>The form's title.</summary>
    public const string Title = "Track as a promise";

    /// <summary>The submit button's action id.</summary>
    public static string SubmitActionId => ActionIds.For(ActionIds.Capture, "new");

    /// <summary>The inputs the submit button sends.</summary>
    public static IReadOnlyList<string> InputIds { get; } = [ActionIds.TextInput, ActionIds.CustomerInput, ActionIds.WhenInput, ActionIds.LinkInput];

    /// <summary>What the form is prefilled with.</summary>
    /// <param name="What">The promise text.</param>
    /// <param name="Customer">The customer, or null.</param>
    /// <param name="When">The due phrase, or empty when none was read.</param>
    /// <param name="Link">The link back, or null.</param>
    /// <param name="RecentCustomers">The rep's recent customers, offered when no customer was found.</param>
    public sealed record Prefill(string What, string? Customer, string When, string? Link, IReadOnlyList<string> RecentCustomers);

    /// <summary>Reads the prefill out of a message.</summary>
    public static Prefill Read(CapturedMessage message, in DueContext context, IReadOnlyList<string> recentCustomers)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(recentCustomers);
        var read = PromiseReader.Read(message.Text, context, recentCustomers);
        var what = Clip(read?.Sentence ?? message.Text.Trim(), Commands.CommandParser.MaxWhatLength);
        var customer = message.ExternalCustomer ?? read?.Customer;
        var when = read?.DuePhrase ?? FindDueOnly(message.Text, context) ?? "";
        return new Prefill(what, customer is null ? null : Clip(customer, Commands.CommandParser.MaxCustomerLength), when, message.Link, recentCustomers);
    }

    /// <summary>The form as a message: inputs prefilled, one Track button that submits them.</summary>
    public static OutboundMessage Build(Prefill prefill)
    {
        ArgumentNullException.ThrowIfNull(prefill);
        var customerInput = prefill.Customer is null && prefill.RecentCustomers.Count > 0
            ? new MessageInput(ActionIds.CustomerInput, InputKind.Choice, "Customer", null, Choices: [.. prefill.RecentCustomers.Select(c => new KeyValuePair<string, string>(c, c))])
            : new MessageInput(ActionIds.CustomerInput, InputKind.Text, "Customer", prefill.Customer, MaxLength: Commands.CommandParser.MaxCustomerLength);
        IReadOnlyList<MessageInput> inputs =
        [
            new(ActionIds.TextInput, InputKind.Text, "What you promised", prefill.What, Required: true, MaxLength: Commands.CommandParser.MaxWhatLength),
            customerInput,
            new(ActionIds.WhenInput, InputKind.Text, "Due (e.g. Friday 3pm, tomorrow EOD)", prefill.When, Required: true, MaxLength: 100),
            new(ActionIds.LinkInput, InputKind.Text, "Link to the message", prefill.Link, MaxLength: MaxLinkLength),
        ];
        var facts = prefill.Link is null ? new List<MessageFact>() : [new MessageFact(CommitmentMessages.SourceLinkLabel, prefill.Link)];
        var section = new MessageSection(Title, prefill.What, facts, [new MessageButton(SubmitActionId, "Track", ButtonStyle.Primary, InputIds)], inputs);
        return new OutboundMessage(MessageKind.Reply, Title + ": check the details and press Track.", [section]);
    }

    /// <summary>Longest link kept with a promise.</summary>
    public const int MaxLinkLength = 1000;

    /// <summary>True for a link worth keeping: absolute http(s), not too long.</summary>
    public static bool IsKeepableLink(string? link) =>
        link is { Length: > 0 and <= MaxLinkLength }
        && Uri.TryCreate(link, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <summary>The rep's customers, most recently promised first, at most <paramref name="limit"/>.</summary>
    public static IReadOnlyList<string> RecentCustomers(IEnumerable<Commitment> commitments, int limit = 10) =>
        [.. commitments
            .Where(c => !string.IsNullOrWhiteSpace(c.Customer))
            .OrderByDescending(c => c.CreatedAt)
            .Select(c => c.Customer!)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(limit)];

    // A message with a time but no promise ("the meeting is Friday"): still offer the time it names.
    private static string? FindDueOnly(string text, in DueContext context)
    {
        var read = PromiseReader.Read("I'll do it " + FirstTimeish(text), context);
        return read?.DuePhrase;
    }

    private static string FirstTimeish(string text)
    {
        var at = text.IndexOf(" by ", StringComparison.OrdinalIgnoreCase);
        return at >= 0 ? Clip(text[at..], 80) : "";
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
