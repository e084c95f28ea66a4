using System.Text;

namespace CommitmentBot.Slack.BlockKit;

/// <summary>Escaping and length limits for text sent to Slack.</summary>
internal static class SlackText
{
    public const char Ellipsis = '…';

    /// <summary>Escapes the three characters mrkdwn treats as markup: <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> (and nothing else).</summary>
    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny('&', '<', '>') < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => builder.Append("&amp;"),
                '<' => builder.Append("&lt;"),
                '>' => builder.Append("&gt;"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    /// <summary>Undoes Slack's escaping of incoming text (<c>&amp;amp;</c>, <c>&amp;lt;</c>, <c>&amp;gt;</c>); mention markup such as <c>&lt;@U1|ann&gt;</c> is left alone.</summary>
    public static string Unescape(string text) =>
        text.Contains('&', StringComparison.Ordinal)
            ? text.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal)
            : text;

    /// <summary>Escapes <paramref name="raw"/> for mrkdwn and cuts it to at most <paramref name="max"/> characters, ending in "…" when cut.</summary>
    public static string EscapeAndFit(string raw, int max)
    {
        var escaped = Escape(raw);
        if (escaped.Length <= max)
        {
            return escaped;
        }

        // Cut the raw text so that no escape sequence or surrogate pair is split.
        var budget = max - 1;
        var builder = new StringBuilder(max);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            var piece = c switch { '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", _ => null };
            var width = piece?.Length ?? (char.IsHighSurrogate(c) && i + 1 < raw.Length ? 2 : 1);
            if (builder.Length + width > budget)
            {
                break;
            }

            if (piece is not null)
            {
                builder.Append(piece);
            }
            else
            {
                builder.Append(raw, i, width);
                i += width - 1;
            }
        }

        return builder.Append(Ellipsis).ToString();
    }

    /// <summary>Cuts plain text to at most <paramref name="max"/> characters, ending in "…" when cut.</summary>
    public static string Fit(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = max - 1;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), Ellipsis.ToString());
    }
}
