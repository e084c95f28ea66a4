using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Time;
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
    /// A message to the customer, drafted from the commitment's details, for the rep to copy. The due is given in
    /// the zone the promise named (the customer's, how the deal is run), else in <paramref name="zone"/>.
    /// </summary>
    public static string DraftCustomerMessage(Commitment commitment, string repName, DateTimeZone zone, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        var who = commitment.Customer is { Length: > 0 } customer ? $"Hi {customer} team" : "Hi";
        var theirs = CommitmentMessages.NamedZone(commitment) ?? zone;
        var due = now is { } at ? TimeText.Format(commitment.DueAt, theirs, at) : TimeText.Format(commitment.DueAt, theirs);
        if (commitment.Status == CommitmentStatus.Missed)
        {
            return $"{who}, I promised you {commitment.Text} by {due}, and I missed it. That's on me, and I want you to hear it "
                + "from me rather than find out. I'm putting together what we can do to make it right and will come back to you "
                + $"with it by the end of the day. — {repName}";
        }

        return $"{who}, I promised you {commitment.Text} by {due}, and I want you to hear it from me now: "
            + "that date is at risk. I'm working on options and will come back to you with a firm plan and a new date "
            + $"by the end of the day. I'm sorry for the trouble this causes you. — {repName}";
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
