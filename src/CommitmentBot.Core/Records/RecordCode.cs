using CommitmentBot.Core.Commitments;

namespace CommitmentBot.Core.Records;

/// <summary>
/// Where a promise stands in the record, as one small number stored with the promise (<c>record_code</c>), so a store
/// counts a period by grouping on it instead of working <see cref="RecordRules"/> out again in SQL for every row.
/// The code is <see cref="RecordRules.Classify"/>'s outcome for a closed promise (0 while it is open: whether an open
/// promise counts as overdue depends on when one looks, so the store compares its due with "now") times
/// <see cref="OutcomeUnit"/>, plus the flags below. It depends only on the promise, so it is worked out whenever the
/// promise is written.
/// </summary>
public static class RecordCode
{
    /// <summary>Moved at least once, every move before the due then in force.</summary>
    public const int RenegotiatedBeforeDue = 1;

    /// <summary>Renegotiated before due and the customer told of every move.</summary>
    public const int CustomerTold = 2;

    /// <summary>A manager or channel step was sent for it.</summary>
    public const int Surprise = 4;

    /// <summary>Closed with status <c>kept_late</c> (the base of the median lateness).</summary>
    public const int KeptLate = 8;

    /// <summary>The outcome's place value: code = outcome × 16 + flags.</summary>
    public const int OutcomeUnit = 16;

    /// <summary>The code of a promise with these facts.</summary>
    public static int Of(in RecordFacts f)
    {
        var outcome = f.Status is CommitmentStatus.Kept or CommitmentStatus.KeptLate or CommitmentStatus.Missed or CommitmentStatus.Cancelled
            ? RecordRules.Classify(f, DateTimeOffset.MinValue)
            : RecordOutcome.NotCounted;
        var flags = 0;
        if (f.Status != CommitmentStatus.Cancelled)
        {
            flags |= f.RenegotiatedBeforeDue ? RenegotiatedBeforeDue : 0;
            flags |= f.RenegotiatedBeforeDue && f.EveryMoveTold ? CustomerTold : 0;
            flags |= f.Surprised ? Surprise : 0;
        }

        flags |= f.Status == CommitmentStatus.KeptLate ? KeptLate : 0;
        return ((int)outcome * OutcomeUnit) + flags;
    }

    /// <summary>The outcome a code stands for, an open promise read as overdue (stores return only the open ones whose due has passed).</summary>
    public static RecordOutcome OutcomeOf(int code)
    {
        var outcome = (RecordOutcome)(code / OutcomeUnit);
        return outcome == RecordOutcome.NotCounted ? RecordOutcome.OverdueOpen : outcome;
    }

    /// <summary><paramref name="counts"/> plus <paramref name="count"/> promises of one code (open codes are counted as overdue).</summary>
    public static RecordCounts Add(RecordCounts counts, int code, int count)
    {
        var outcome = OutcomeOf(code);
        var counted = outcome != RecordOutcome.Cancelled;
        int When(bool yes) => yes ? count : 0;
        return counts with
        {
            OnTime = counts.OnTime + When(outcome == RecordOutcome.OnTime),
            RenegotiatedInTime = counts.RenegotiatedInTime + When(outcome == RecordOutcome.RenegotiatedInTime),
            Late = counts.Late + When(outcome == RecordOutcome.Late),
            Missed = counts.Missed + When(outcome == RecordOutcome.Missed),
            Cancelled = counts.Cancelled + When(outcome == RecordOutcome.Cancelled),
            OverdueOpen = counts.OverdueOpen + When(outcome == RecordOutcome.OverdueOpen),
            RenegotiatedBeforeDue = counts.RenegotiatedBeforeDue + When(counted && (code & RenegotiatedBeforeDue) != 0),
            CustomerTold = counts.CustomerTold + When(counted && (code & CustomerTold) != 0),
            Surprises = counts.Surprises + When(counted && (code & Surprise) != 0),
            KeptLate = counts.KeptLate + When((code & KeptLate) != 0),
        };
    }
}
