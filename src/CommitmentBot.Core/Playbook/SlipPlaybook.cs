using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Time;
using System.Text.RegularExpressions;
using NodaTime;

namespace CommitmentBot.Core.Playbook;

/// <summary>One step of the slip checklist.</summary>
/// <param name="Key">Stable key, used in action ids (<c>pb-own</c>) and history notes.</param>
/// <param name="Label">The button label.</param>
/// <param name="Guidance">Why the step matters, in a sentence.</param>
public sealed record PlaybookStep(string Key, string Label, string Guidance);

/// <summary>
/// The slip playbook of SPEC "The slip playbook": what to do, in order, when a promise is in danger.
/// Each step is one click and is recorded on the commitment's history.
/// </summary>
public static class SlipPlaybook
{
    /// <summary>Step keys.</summary>
    public const string Own = "own", Manager = "manager", Options = "options", Customer = "customer",
        Apologise = "apologise", MakeRight = "makeright", NewDate = "newdate";

    /// <summary>The steps in order.</summary>
    public static IReadOnlyList<PlaybookStep> Steps { get; } =
    [
        new(Own, "I own it", "It may not be your fault; it is your responsibility. Say so first, to yourself and to them."),
        new(Manager, "Alert my manager", "Managers hate surprises. One click tells yours now, before anything escalates."),
        new(Options, "Options listed", "Come with options: a new date, a partial delivery now, another source or a loaner unit, or a swap with a delivery that has slack."),
        new(Customer, "Customer told", "Tell the customer now, not when they notice. Copy the draft below, adjust it, send it."),
        new(Apologise, "Apologised", "Apologise once a fix is agreed: an apology lands when it comes with the fix."),
        new(MakeRight, "Record what I offered", "Make it right beyond the loss: offer more than they lost, worth up to what winning a new customer costs."),
        new(NewDate, "Record the new date", "Move the promise to the date you agreed, so the bot watches the new one."),
    ];

    /// <summary>Finds a step by key.</summary>
    public static PlaybookStep? Find(string key) => Steps.FirstOrDefault(s => s.Key == key);

    /// <summary>The keys of the steps already done, read from the commitment's history.</summary>
    public static IReadOnlySet<string> DoneSteps(IEnumerable<CommitmentEvent> history)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in history)
        {
            if (e.Kind == CommitmentEventKinds.Playbook && e.Note is { } note)
            {
                var colon = note.IndexOf(':', StringComparison.Ordinal);
                done.Add(colon < 0 ? note : note[..colon]);
            }
            else if (e.Kind == CommitmentEventKinds.Moved)
            {
                done.Add(NewDate);
            }
            else if (e.Kind == CommitmentEventKinds.CustomerTold && e.Note == "yes")
            {
                done.Add(Customer);
            }
            else if (e.Kind == CommitmentEventKinds.StepSent && e.Note is "manager" or "manager_reminder" or "early_warning")
            {
                done.Add(Manager); // the ladder told the manager: there is nothing left to alert them to
            }
        }

        return done;
    }

    /// <summary>
    /// A message to the customer, drafted from the commitment's details, for the rep to copy. It fits where the promise
    /// stands at <paramref name="now"/>: at risk (the due is still ahead), late (past due, still open) or missed
    /// (closed as missed). It is written to the customer: the due in the zone the promise named (the customer's, how
    /// the deal is run), else in <paramref name="zone"/>; no short id or word of the bot's own; and no apology yet,
    /// since the playbook apologises once a fix is agreed.
    /// </summary>
    public static string DraftCustomerMessage(Commitment commitment, string repName, DateTimeZone zone, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        var who = commitment.Customer is { Length: > 0 } customer ? $"Hi {customer} team" : "Hi";
        var theirs = CommitmentMessages.NamedZone(commitment) ?? zone;
        var due = now is { } at ? TimeText.Format(commitment.DueAt, theirs, at) : TimeText.Format(commitment.DueAt, theirs);
        var promised = PromisedClause(commitment);
        var sign = $" — {repName}";
        if (commitment.Status == CommitmentStatus.Missed)
        {
            return $"{who}, {promised} by {due}, and I did not deliver it. That is on me, and I want you to hear it from me "
                + "rather than find out. I'm working out how to make this right and will come back to you by the end of today "
                + "with what we can do." + sign;
        }

        if (now is { } clock && clock > commitment.DueAt)
        {
            return $"{who}, {promised} by {due}, and it is now {CustomerLateness(commitment.DueAt, clock)} late. That is on me, "
                + "and I want you to hear it from me rather than find out. I'm working out the options and will come back to you "
                + "by the end of today with a firm plan and a date I can keep." + sign;
        }

        return $"{who}, {promised} by {due}, and I want you to hear it from me now, before that date: it may not be ready "
            + "in time. I'm working out the options and will come back to you with a firm plan and, if it has to move, "
            + "a date I can keep." + sign;
    }

    /// <summary>
    /// How late a promise is, in the words every message uses for it (the customer's draft, the rep's note, the
    /// manager's escalation): elapsed time, "18 hours", "3 days".
    /// </summary>
    public static string CustomerLateness(DateTimeOffset due, DateTimeOffset now) => TimeText.Duration(now - due);

    // Words a rep starts a promise with when it is something to do ("send the quote"): then the draft says
    // "I said I would send the quote"; anything else is a thing ("the revised quote", "pricing sheet") that was promised.
    private static readonly HashSet<string> Verbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "send", "deliver", "ship", "get", "give", "share", "call", "phone", "ring", "email", "e-mail", "mail", "text",
        "schedule", "set", "book", "arrange", "organise", "organize", "provide", "finish", "complete", "fix", "repair",
        "review", "update", "sign", "countersign", "install", "prepare", "draft", "confirm", "follow", "reply", "respond",
        "answer", "check", "write", "have", "make", "present", "demo", "issue", "return", "refund", "credit", "submit",
        "upload", "loop", "introduce", "run", "do", "resolve", "approve", "order", "replace", "deploy", "configure",
        "migrate", "onboard", "train", "meet", "visit", "invoice", "quote", "price", "escalate", "sort", "look", "find",
        "come", "bring", "put", "walk", "talk", "renew", "extend", "enable", "activate", "open", "close",
        "file", "raise", "chase", "push", "release", "publish", "test", "verify", "investigate", "diagnose", "ping",
        "connect", "setup", "add", "remove", "cancel", "change", "move", "transfer", "expedite", "dispatch", "post",
        "hand", "build", "create", "design", "plan", "finalise", "finalize", "revise", "redo", "collect", "pick", "drop",
        "let", "tell", "inform", "notify", "show", "explain", "discuss", "agree", "negotiate", "secure", "source",
        "swap", "supply", "print", "translate", "record", "register", "reserve", "cover", "handle", "take", "keep",
        "start", "kick", "launch", "go", "wrap", "clean", "ensure", "restore", "recover", "reset", "unblock", "patch",
    };

    private static readonly HashSet<string> Determiners = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "our", "your", "their", "its", "his", "her", "my", "this", "that", "these", "those", "all",
        "some", "every", "each", "any", "both", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        "ten", "several", "more", "full", "new",
    };

    /// <summary>"I said I would send the quote to you" or "I promised you the revised quote".</summary>
    private static string PromisedClause(Commitment commitment)
    {
        var text = commitment.Text.Trim().TrimEnd('.', '!', ';', ',', ' ');
        if (commitment.Customer is { Length: > 0 } customer)
        {
            // Addressed to the customer, the customer is "you": "send the quote to Umbrella" → "send the quote to you".
            foreach (var preposition in (string[])["to", "for", "with"])
            {
                text = Regex.Replace(
                    text,
                    $@"\b{preposition} {Regex.Escape(customer)}(?=$|[\s,.;:!?'’])",
                    preposition + " you",
                    RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
                    TimeSpan.FromMilliseconds(100));
            }
        }

        if (text.Length == 0)
        {
            return "I made you a promise";
        }

        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var first = space < 0 ? text : text[..space];
        if (Verbs.Contains(first))
        {
            return "I said I would " + char.ToLowerInvariant(text[0]) + text[1..];
        }

        if (Determiners.Contains(first))
        {
            return "I promised you " + char.ToLowerInvariant(text[0]) + text[1..];
        }

        return "I promised you " + (first.Length > 0 && char.IsDigit(first[0]) ? text : "the " + text);
    }

    /// <summary>
    /// The checklist as message sections: one per step, done steps ticked (and without their button, except the
    /// repeatable ones), each open step with its button. A rep with no manager is not offered "Alert my manager".
    /// </summary>
    public static IReadOnlyList<MessageSection> Sections(Commitment commitment, IReadOnlySet<string> done, string repName, DateTimeZone zone, DateTimeOffset? now = null, bool hasManager = true)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        ArgumentNullException.ThrowIfNull(done);
        var sections = new List<MessageSection>(Steps.Count);
        var id = commitment.ShortId;
        foreach (var step in Steps)
        {
            if (step.Key == NewDate && commitment.IsClosed)
            {
                continue; // a closed promise has no new date to record
            }

            if (step.Key == Manager && !hasManager && !done.Contains(Manager))
            {
                continue; // nobody to alert: the step would only fail
            }

            var isDone = done.Contains(step.Key);
            var title = (isDone ? "✓ " : "☐ ") + step.Label;
            var text = step.Guidance;
            IReadOnlyList<MessageInput> inputs = [];
            IReadOnlyList<string>? inputIds = null;
            switch (step.Key)
            {
                case Customer when !isDone:
                    text += "\n\nDraft:\n> " + DraftCustomerMessage(commitment, repName, zone, now);
                    break;
                case MakeRight:
                    inputs = [new MessageInput(ActionIds.NoteInput, InputKind.Text, "What did you offer?", Required: true, MaxLength: 300)];
                    inputIds = [ActionIds.NoteInput];
                    break;
                case NewDate:
                    inputs = CommitmentMessages.NewDateInputs(commitment, zone);
                    inputIds = CommitmentMessages.NewDateInputIds;
                    break;
            }

            var buttons = isDone && step.Key is not (MakeRight or NewDate)
                ? Array.Empty<MessageButton>()
                : [new MessageButton(ActionIds.For(ActionIds.PlaybookPrefix + step.Key, id), step.Label, step.Key == Manager ? ButtonStyle.Primary : ButtonStyle.Default, inputIds)];
            sections.Add(new MessageSection(title, text, [], buttons, inputs, id));
        }

        return sections;
    }
}
