namespace CommitmentBot.Core.Escalation;

/// <summary>
/// The rules of SPEC "Slack status": the status emoji <c>:palm_tree:</c> or <c>:face_with_thermometer:</c>, or a status text
/// starting "OOO", "Out of office", "On vacation", "Vacation" or "Out sick", means away without a cover, until the status
/// expires. A status without an expiry is read again after <see cref="RecheckAfter"/>, so it holds until it is changed.
/// </summary>
public static class StatusAway
{
    /// <summary>How long a status without expiry counts as away before it is read again.</summary>
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromHours(1);

    private static readonly string[] Emoji = [":palm_tree:", ":face_with_thermometer:"];
    private static readonly string[] Openers = ["OOO", "Out of office", "On vacation", "Vacation", "Out sick"];

    /// <summary>The absence a status means at <paramref name="now"/>, or null.</summary>
    /// <param name="emoji">The status emoji (e.g. <c>:palm_tree:</c>).</param>
    /// <param name="text">The status text.</param>
    /// <param name="expiresAt">When the status expires, or null when it does not.</param>
    /// <param name="now">Now.</param>
    public static Absence? Read(string? emoji, string? text, DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        var says = (emoji is not null && Emoji.Contains(emoji.Trim(), StringComparer.OrdinalIgnoreCase))
            || (text is { } t && Openers.Any(o => StartsWithWord(t.TrimStart(), o)));
        if (!says || expiresAt <= now)
        {
            return null;
        }

        // Since when is unknown: whatever was due before now waits too.
        return new Absence(DateTimeOffset.MinValue, expiresAt ?? now + RecheckAfter, null);
    }

    // "OOO", "OOO until Monday", "Out of office: back 3rd" — not "OOOPS" or "Vacationing plans".
    private static bool StartsWithWord(string text, string opener) =>
        text.StartsWith(opener, StringComparison.OrdinalIgnoreCase)
        && (text.Length == opener.Length || !char.IsLetterOrDigit(text[opener.Length]));
}
