namespace CommitmentBot.Core.Records;

/// <summary>The counts of one record (one person, team, customer or workspace over one period).</summary>
/// <param name="OnTime">Kept on time.</param>
/// <param name="RenegotiatedInTime">Renegotiated in time.</param>
/// <param name="Late">Kept late (every other kept).</param>
/// <param name="Missed">Missed.</param>
/// <param name="Cancelled">Cancelled (listed, in no rate).</param>
/// <param name="OverdueOpen">Overdue, still open.</param>
/// <param name="RenegotiatedBeforeDue">Moved at least once, every move before the due then in force.</param>
/// <param name="CustomerTold">Of those, every move with the customer told.</param>
/// <param name="Surprises">The manager heard from the bot (manager or channel step sent).</param>
/// <param name="KeptLate">Closed with status <c>kept_late</c> (the base of the median lateness).</param>
public readonly record struct RecordCounts(
    int OnTime,
    int RenegotiatedInTime,
    int Late,
    int Missed,
    int Cancelled,
    int OverdueOpen,
    int RenegotiatedBeforeDue,
    int CustomerTold,
    int Surprises,
    int KeptLate)
{
    /// <summary>Nothing counted.</summary>
    public static RecordCounts Zero => default;

    /// <summary>The base of both rates: every counted promise that closed in one of the four outcomes.</summary>
    public int Closed => OnTime + RenegotiatedInTime + Late + Missed;

    /// <summary>Kept on time ÷ closed, 0–100 (null when nothing closed).</summary>
    public double? OnTimeRate => Closed == 0 ? null : 100.0 * OnTime / Closed;

    /// <summary>(On time + renegotiated in time) ÷ closed, 0–100 (null when nothing closed).</summary>
    public double? KeptWordRate => Closed == 0 ? null : 100.0 * (OnTime + RenegotiatedInTime) / Closed;

    /// <summary>Everything listed: closed, cancelled and overdue-open.</summary>
    public int Listed => Closed + Cancelled + OverdueOpen;

    /// <summary>These counts plus one promise.</summary>
    public RecordCounts Add(in RecordFacts f, RecordOutcome outcome)
    {
        if (outcome == RecordOutcome.NotCounted)
        {
            return this;
        }

        var counted = outcome != RecordOutcome.Cancelled;
        return this with
        {
            OnTime = OnTime + (outcome == RecordOutcome.OnTime ? 1 : 0),
            RenegotiatedInTime = RenegotiatedInTime + (outcome == RecordOutcome.RenegotiatedInTime ? 1 : 0),
            Late = Late + (outcome == RecordOutcome.Late ? 1 : 0),
            Missed = Missed + (outcome == RecordOutcome.Missed ? 1 : 0),
            Cancelled = Cancelled + (outcome == RecordOutcome.Cancelled ? 1 : 0),
            OverdueOpen = OverdueOpen + (outcome == RecordOutcome.OverdueOpen ? 1 : 0),
            RenegotiatedBeforeDue = RenegotiatedBeforeDue + (counted && f.RenegotiatedBeforeDue ? 1 : 0),
            CustomerTold = CustomerTold + (counted && f.RenegotiatedBeforeDue && f.EveryMoveTold ? 1 : 0),
            Surprises = Surprises + (counted && f.Surprised ? 1 : 0),
            KeptLate = KeptLate + (f.Status == Commitments.CommitmentStatus.KeptLate ? 1 : 0),
        };
    }

    /// <summary>The sum of two records (a team from its reps).</summary>
    public RecordCounts Plus(RecordCounts other) => new(
        OnTime + other.OnTime,
        RenegotiatedInTime + other.RenegotiatedInTime,
        Late + other.Late,
        Missed + other.Missed,
        Cancelled + other.Cancelled,
        OverdueOpen + other.OverdueOpen,
        RenegotiatedBeforeDue + other.RenegotiatedBeforeDue,
        CustomerTold + other.CustomerTold,
        Surprises + other.Surprises,
        KeptLate + other.KeptLate);
}
