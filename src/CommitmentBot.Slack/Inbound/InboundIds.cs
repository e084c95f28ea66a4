using System.Globalization;
using CommitmentBot.Core.Commands;

namespace CommitmentBot.Slack.Inbound;

/// <summary>Ids in a Slack payload that storage must keep: checked where the request arrives, so a long one is refused with its reason.</summary>
internal static class InboundIds
{
    /// <summary>Why the request cannot be served (the first id longer than storage keeps), or null when every id fits.</summary>
    public static string? TooLong(params ReadOnlySpan<(string What, string? Value)> ids)
    {
        foreach (var (what, value) in ids)
        {
            if (value is { Length: > ChatRequest.MaxIdLength })
            {
                return string.Create(CultureInfo.InvariantCulture, $"The {what} is {value.Length:N0} characters long; CommitmentBot keeps ids of up to {ChatRequest.MaxIdLength}.");
            }
        }

        return null;
    }
}
