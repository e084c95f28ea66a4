namespace CommitmentBot.Core.Commitments;

/// <summary>Where a commitment stands. Stored and shown by its snake_case name (<see cref="CommitmentStatusNames"/>).</summary>
public enum CommitmentStatus
{
    /// <summary>Made and not yet closed.</summary>
    Open = 0,

    /// <summary>Flagged by the rep as in danger.</summary>
    AtRisk = 1,

    /// <summary>A new due was agreed with the customer; the commitment continues with it.</summary>
    Renegotiated = 2,

    /// <summary>Delivered on or before the due instant.</summary>
    Kept = 3,

    /// <summary>Delivered after the due instant.</summary>
    KeptLate = 4,

    /// <summary>Closed as not delivered.</summary>
    Missed = 5,

    /// <summary>Withdrawn; counts neither way.</summary>
    Cancelled = 6,
}

/// <summary>Names and groupings of <see cref="CommitmentStatus"/>.</summary>
public static class CommitmentStatusNames
{
    /// <summary>The wire and storage name, e.g. <c>at_risk</c>.</summary>
    public static string ToName(this CommitmentStatus status) => status switch
    {
        CommitmentStatus.Open => "open",
        CommitmentStatus.AtRisk => "at_risk",
        CommitmentStatus.Renegotiated => "renegotiated",
        CommitmentStatus.Kept => "kept",
        CommitmentStatus.KeptLate => "kept_late",
        CommitmentStatus.Missed => "missed",
        CommitmentStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Parses a storage name back; unknown names are a programming error.</summary>
    public static CommitmentStatus Parse(string name) => name switch
    {
        "open" => CommitmentStatus.Open,
        "at_risk" => CommitmentStatus.AtRisk,
        "renegotiated" => CommitmentStatus.Renegotiated,
        "kept" => CommitmentStatus.Kept,
        "kept_late" => CommitmentStatus.KeptLate,
        "missed" => CommitmentStatus.Missed,
        "cancelled" => CommitmentStatus.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown commitment status."),
    };

    /// <summary>True while the commitment is still running (open, at risk or renegotiated).</summary>
    public static bool IsActive(this CommitmentStatus status) =>
        status is CommitmentStatus.Open or CommitmentStatus.AtRisk or CommitmentStatus.Renegotiated;

    /// <summary>A short label a person reads, e.g. "at risk".</summary>
    public static string ToLabel(this CommitmentStatus status) => status switch
    {
        CommitmentStatus.Open => "open",
        CommitmentStatus.AtRisk => "at risk",
        CommitmentStatus.Renegotiated => "renegotiated",
        CommitmentStatus.Kept => "kept",
        CommitmentStatus.KeptLate => "kept late",
        CommitmentStatus.Missed => "missed",
        CommitmentStatus.Cancelled => "cancelled",
        _ => status.ToString(),
    };
}
