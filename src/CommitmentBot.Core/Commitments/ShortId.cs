using System.Globalization;

namespace CommitmentBot.Core.Commitments;

/// <summary>The id a rep types: <c>P-42</c>. Numbers are unique per workspace.</summary>
public static class ShortId
{
    /// <summary>Formats a commitment number as <c>P-n</c>.</summary>
    public static string Format(int number) => "P-" + number.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads <c>P-42</c>, <c>p42</c>, <c>#42</c> or <c>42</c>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out int number)
    {
        number = 0;
        text = text.Trim();
        if (text.Length > 0 && (text[0] == 'P' || text[0] == 'p'))
        {
            text = text[1..];
            if (text.Length > 0 && text[0] == '-')
            {
                text = text[1..];
            }
        }
        else if (text.Length > 0 && text[0] == '#')
        {
            text = text[1..];
        }

        return text.Length is > 0 and <= 9
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number)
            && number > 0;
    }
}
