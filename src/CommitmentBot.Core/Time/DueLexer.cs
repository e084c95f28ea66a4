using System.Runtime.InteropServices;

namespace CommitmentBot.Core.Time;

/// <summary>What a token of a due phrase is.</summary>
internal enum DueTokenKind : byte
{
    Number,
    Word,
    Symbol,
}

/// <summary>The words the due-time language knows. Months, weekdays and number words are contiguous runs.</summary>
internal enum DueWord : byte
{
    Unknown,
    January, February, March, April, May, June, July, August, September, October, November, December,
    Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday,
    One, Two, Three, Four, Five, Six, Seven, Eight, Nine, Ten, Eleven, Twelve,
    Today, Tonight, Tomorrow, Yesterday, Last, Noon, Midnight,
    Am, Pm, A, An, P, M, T,
    Eod, Eow, Eom, Eoq, Eoy,
    End, Close, Of, The, This, Next, Coming, In, Within, At, On, By, Due,
    Day, Week, Fortnight, Month, Quarter, Year, Hour, Minute,
    Business, Working, Work, Workday,
    From, Now, Later, Hence, Time, And, Half, Ordinal, After, Play, O, Clock, OClock,
    Morning, Afternoon, Evening, Night, First, Thing, Couple, Standard, Daylight,

    /// <summary>A vague amount or time ("a few", "soon", "ASAP"): never a deadline.</summary>
    Vague,

    /// <summary>A zone of SPEC's table or a region; <see cref="DueToken.Value"/> is its index in <see cref="ZoneNames"/>.</summary>
    Zone,
}

/// <summary>One token: a run of digits, a run of letters, or a single other character.</summary>
[StructLayout(LayoutKind.Auto)]
internal struct DueToken
{
    public DueTokenKind Kind;
    public DueWord Word;
    public char Symbol;

    /// <summary>True when white space (or the start of the phrase) comes before the token.</summary>
    public bool SpaceBefore;

    /// <summary>A number written with a leading zero ("09").</summary>
    public bool LeadingZero;

    /// <summary>How many digits a number has (capped at 255).</summary>
    public byte Digits;

    /// <summary>A number's value (<see cref="int.MaxValue"/> when it has more than nine digits); a zone's index.</summary>
    public int Value;

    /// <summary>Where the token starts in the phrase.</summary>
    public short Start;

    /// <summary>How many characters it spans.</summary>
    public short Length;
}

/// <summary>Splits a due phrase into tokens without allocating: the caller supplies both buffers.</summary>
internal static class DueLexer
{
    /// <summary>More tokens than this is not a due phrase.</summary>
    public const int MaxTokens = 48;

    /// <summary>
    /// Folds <paramref name="text"/> to lower case into <paramref name="folded"/> and fills
    /// <paramref name="tokens"/>; returns the token count, or -1 when there are too many (unless
    /// <paramref name="stopWhenFull"/>, when the tokens that fit are kept: the caller reads a leading phrase).
    /// Phrases are at most <see cref="short.MaxValue"/> characters.
    /// </summary>
    public static int Tokenize(ReadOnlySpan<char> text, Span<char> folded, Span<DueToken> tokens, bool stopWhenFull = false)
    {
        for (var i = 0; i < text.Length; i++)
        {
            folded[i] = Fold(text[i]);
        }

        folded = folded[..text.Length];
        var count = 0;
        var space = true;
        var at = 0;
        while (at < folded.Length)
        {
            var c = folded[at];
            if (c == ' ')
            {
                space = true;
                at++;
                continue;
            }

            if (count == tokens.Length)
            {
                return stopWhenFull ? count : -1;
            }

            ref var token = ref tokens[count++];
            token = default;
            token.SpaceBefore = space;
            token.Start = (short)at;
            space = false;
            if (IsDigit(c))
            {
                var next = at;
                var value = 0;
                while (next < folded.Length && IsDigit(folded[next]))
                {
                    if (next - at < 9)
                    {
                        value = (value * 10) + (folded[next] - '0');
                    }

                    next++;
                }

                var digits = next - at;
                token.Kind = DueTokenKind.Number;
                token.Digits = (byte)Math.Min(digits, 255);
                token.Value = digits > 9 ? int.MaxValue : value;
                token.LeadingZero = c == '0' && digits > 1;
                token.Length = (short)digits;
                at = next;
            }
            else if (IsLetter(c))
            {
                var next = at + 1;
                while (next < folded.Length && IsLetter(folded[next]))
                {
                    next++;
                }

                token.Kind = DueTokenKind.Word;
                token.Word = Lookup(folded[at..next]);
                if (token.Word == DueWord.Unknown && ZoneNames.TryFindWord(folded[at..next], out var zone))
                {
                    token.Word = DueWord.Zone;
                    token.Value = zone;
                }

                token.Length = (short)(next - at);
                at = next;
            }
            else
            {
                token.Kind = DueTokenKind.Symbol;
                token.Symbol = c;
                token.Length = 1;
                at++;
            }
        }

        return count;
    }

    private static bool IsDigit(char c) => (uint)(c - '0') <= 9;

    private static bool IsLetter(char c) => (uint)(c - 'a') <= 'z' - 'a';

    private static char Fold(char c)
    {
        if ((uint)(c - 'A') <= 'Z' - 'A')
        {
            return (char)(c | 0x20);
        }

        if (c < 128)
        {
            return c is '\t' or '\r' or '\n' or '\v' or '\f' ? ' ' : c;
        }

        // What phones and word processors put in for plain characters.
        return c switch
        {
            '\u2013' or '\u2014' or '\u2212' => '-',
            '\u2018' or '\u2019' => '\'',
            _ => char.IsWhiteSpace(c) ? ' ' : c,
        };
    }

    private static DueWord Lookup(ReadOnlySpan<char> word) => word switch
    {
        "jan" or "january" => DueWord.January,
        "feb" or "february" => DueWord.February,
        "mar" or "march" => DueWord.March,
        "apr" or "april" => DueWord.April,
        "may" => DueWord.May,
        "jun" or "june" => DueWord.June,
        "jul" or "july" => DueWord.July,
        "aug" or "august" => DueWord.August,
        "sep" or "sept" or "september" => DueWord.September,
        "oct" or "october" => DueWord.October,
        "nov" or "november" => DueWord.November,
        "dec" or "december" => DueWord.December,
        "mon" or "monday" => DueWord.Monday,
        "tue" or "tues" or "tuesday" => DueWord.Tuesday,
        "wed" or "weds" or "wednesday" => DueWord.Wednesday,
        "thu" or "thur" or "thurs" or "thursday" => DueWord.Thursday,
        "fri" or "friday" => DueWord.Friday,
        "sat" or "saturday" => DueWord.Saturday,
        "sun" or "sunday" => DueWord.Sunday,
        "one" => DueWord.One,
        "two" => DueWord.Two,
        "three" => DueWord.Three,
        "four" => DueWord.Four,
        "five" => DueWord.Five,
        "six" => DueWord.Six,
        "seven" => DueWord.Seven,
        "eight" => DueWord.Eight,
        "nine" => DueWord.Nine,
        "ten" => DueWord.Ten,
        "eleven" => DueWord.Eleven,
        "twelve" => DueWord.Twelve,
        "today" or "tdy" => DueWord.Today,
        "tonight" or "tonite" => DueWord.Tonight,
        "tomorrow" or "tmrw" or "tmr" or "tmrow" or "tomorow" or "tommorow" or "tommorrow" => DueWord.Tomorrow,
        "yesterday" => DueWord.Yesterday,
        "last" => DueWord.Last,
        "noon" or "midday" => DueWord.Noon,
        "midnight" => DueWord.Midnight,
        "am" => DueWord.Am,
        "pm" => DueWord.Pm,
        "a" => DueWord.A,
        "an" => DueWord.An,
        "p" => DueWord.P,
        "m" => DueWord.M,
        "t" => DueWord.T,
        "eod" or "cob" or "eob" => DueWord.Eod,
        "eow" => DueWord.Eow,
        "eom" => DueWord.Eom,
        "eoq" => DueWord.Eoq,
        "eoy" => DueWord.Eoy,
        "end" => DueWord.End,
        "close" => DueWord.Close,
        "of" => DueWord.Of,
        "the" => DueWord.The,
        "this" => DueWord.This,
        "next" => DueWord.Next,
        "coming" => DueWord.Coming,
        "in" => DueWord.In,
        "within" => DueWord.Within,
        "at" => DueWord.At,
        "on" => DueWord.On,
        "by" => DueWord.By,
        "due" => DueWord.Due,
        "day" or "days" or "d" => DueWord.Day,
        "week" or "weeks" or "wk" or "wks" or "w" => DueWord.Week,
        "fortnight" or "fortnights" => DueWord.Fortnight,
        "month" or "months" or "mo" or "mos" => DueWord.Month,
        "quarter" or "quarters" => DueWord.Quarter,
        "year" or "years" => DueWord.Year,
        "hour" or "hours" or "hr" or "hrs" or "h" => DueWord.Hour,
        "minute" or "minutes" or "min" or "mins" => DueWord.Minute,
        "business" => DueWord.Business,
        "working" => DueWord.Working,
        "work" => DueWord.Work,
        "workday" or "workdays" or "businessday" or "businessdays" or "bd" or "bds" => DueWord.Workday,
        "from" => DueWord.From,
        "now" => DueWord.Now,
        "later" => DueWord.Later,
        "hence" => DueWord.Hence,
        "time" => DueWord.Time,
        "and" => DueWord.And,
        "half" => DueWord.Half,
        "st" or "nd" or "rd" or "th" => DueWord.Ordinal,
        "after" => DueWord.After,
        "play" => DueWord.Play,
        "o" => DueWord.O,
        "clock" => DueWord.Clock,
        "oclock" => DueWord.OClock,
        "morning" => DueWord.Morning,
        "afternoon" => DueWord.Afternoon,
        "evening" => DueWord.Evening,
        "night" => DueWord.Night,
        "first" => DueWord.First,
        "thing" => DueWord.Thing,
        "couple" => DueWord.Couple,
        "standard" => DueWord.Standard,
        "daylight" => DueWord.Daylight,
        "few" or "some" or "sometime" or "soon" or "asap" or "whenever" or "eventually" => DueWord.Vague,
        _ => DueWord.Unknown,
    };
}
