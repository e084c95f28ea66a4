namespace CommitmentBot.Slack.Sending;

/// <summary>A Slack message is identified by its channel and timestamp: <c>C123:1712345678.000100</c>.</summary>
internal static class SlackMessageIds
{
    public static string? Format(string? channel, string? ts) =>
        string.IsNullOrEmpty(channel) || string.IsNullOrEmpty(ts) ? null : channel + ":" + ts;

    public static bool TryParse(string? id, out string channel, out string ts)
    {
        channel = "";
        ts = "";
        var colon = id?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (id is null || colon <= 0 || colon == id.Length - 1)
        {
            return false;
        }

        channel = id[..colon];
        ts = id[(colon + 1)..];
        return true;
    }
}
