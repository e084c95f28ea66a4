using CommitmentBot.Core.Commitments;

namespace CommitmentBot.Core.Records;

/// <summary>Where one promise stands in a record (SPEC "Delivery record").</summary>
public enum RecordOutcome
{
    /// <summary>Not in the period's count: still open and not yet due.</summary>
    NotCounted = 0,

    /// <summary>Closed <c>kept</c> at or before the due first promised.</summary>
    OnTime = 1,

    /// <summary>Closed <c>kept</c> by the due in force, after the first due, every move made before the due then in force with the customer told.</summary>
    RenegotiatedInTime = 2,

    /// <summary>Every other <c>kept</c> or <c>kept_late</c>.</summary>
    Late = 3,

    /// <summary>Closed <c>missed</c>.</summary>
    Missed = 4,

    /// <summary>Cancelled: listed, counted in no rate.</summary>
    Cancelled = 5,

    /// <summary>Its due has passed and it is still open: "overdue, still open".</summary>
    OverdueOpen = 6,
}

/// <summary>What the record needs to know of one promise (a commitment carries all of it).</summary>
/// <param name="Status">Its status.</param>
/// <param name="FirstDueAt">The due first promised.</param>
/// <param name="DueAt">The due in force (the final due once closed).</param>
/// <param name="ClosedAt">When it closed, if it did.</param>
/// <param name="MoveCount">How many times it was moved.</param>
/// <param name="MovedLate">True when some move was made at or after the due then in force.</param>
/// <param name="MovesTold">How many moves the rep said the customer was told about.</param>
/// <param name="Surprised">True when a manager or channel step was sent for it.</param>
public readonly record struct RecordFacts(
    CommitmentStatus Status,
    DateTimeOffset FirstDueAt,
    DateTimeOffset DueAt,
    DateTimeOffset? ClosedAt,
    int MoveCount,
    bool MovedLate,
    int MovesTold,
    bool Surprised)
{
    /// <summary>The facts of a commitment.</summary>
    public static RecordFacts Of(Commitment c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.Status, c.FirstDue, c.DueAt, c.ClosedAt, c.MoveCount, c.MovedLate, c.MovesTold, c.Surprised);
    }

    /// <summary>Moved at least once, every move before the due then in force.</summary>
    public bool RenegotiatedBeforeDue => MoveCount > 0 && !MovedLate;

    /// <summary>Every move was answered "yes, the customer knows".</summary>
    public bool EveryMoveTold => MovesTold >= MoveCount;
}

/// <summary>The record's rules for one promise, exactly as SPEC states them (the storage's SQL mirrors these; a test holds them together).</summary>
public static class RecordRules
{
    /// <summary>Where the promise stands at <paramref name="now"/>.</summary>
    public static RecordOutcome Classify(in RecordFacts f, DateTimeOffset now)
    {
        switch (f.Status)
        {
            case CommitmentStatus.Cancelled:
                return RecordOutcome.Cancelled;
            case CommitmentStatus.Missed:
                return RecordOutcome.Missed;
            case CommitmentStatus.Kept:
            case CommitmentStatus.KeptLate:
                var closed = f.ClosedAt ?? f.DueAt;
                if (f.Status == CommitmentStatus.Kept && closed <= f.FirstDueAt)
                {
                    return RecordOutcome.OnTime;
                }

                if (f.Status == CommitmentStatus.Kept && closed <= f.DueAt && f.RenegotiatedBeforeDue && f.EveryMoveTold)
                {
                    return RecordOutcome.RenegotiatedInTime;
                }

                return RecordOutcome.Late;
            default:
                return f.DueAt < now ? RecordOutcome.OverdueOpen : RecordOutcome.NotCounted;
        }
    }

    /// <summary>True when the promise belongs to the period [start, end) at <paramref name="now"/>: its final due falls inside, and it is closed or its due has passed.</summary>
    public static bool InPeriod(in RecordFacts f, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now) =>
        f.DueAt >= start && f.DueAt < end && Classify(f, now) != RecordOutcome.NotCounted;

    /// <summary>Counts the promises of one period.</summary>
    public static RecordCounts Tally(IEnumerable<RecordFacts> promises, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(promises);
        var counts = RecordCounts.Zero;
        foreach (var f in promises)
        {
            counts = counts.Add(f, Classify(f, now));
        }

        return counts;
    }
}
