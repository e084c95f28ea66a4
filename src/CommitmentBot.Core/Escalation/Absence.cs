namespace CommitmentBot.Core.Escalation;

/// <summary>A person's time away: from <paramref name="From"/> until <paramref name="Until"/> (exclusive), and who covers.</summary>
/// <param name="From">The first instant away.</param>
/// <param name="Until">The instant they are back.</param>
/// <param name="CoverId">Who covers (a user id), or null.</param>
public sealed record Absence(DateTimeOffset From, DateTimeOffset Until, string? CoverId)
{
    /// <summary>True when <paramref name="at"/> falls inside the absence.</summary>
    public bool Covers(DateTimeOffset at) => at >= From && at < Until;
}
