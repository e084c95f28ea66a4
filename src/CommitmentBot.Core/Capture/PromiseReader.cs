using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Capture;

/// <summary>A promise read out of a chat message.</summary>
/// <param name="Sentence">The sentence that holds the promise, as written.</param>
/// <param name="Thing">What is promised ("the revised quote"), for the note to the author.</param>
/// <param name="Customer">A customer named in the text, or null.</param>
/// <param name="DuePhrase">The due phrase found in the sentence ("by Friday 6pm").</param>
/// <param name="Due">The due read by <see cref="DueTimeParser"/>.</param>
public sealed record ReadPromise(string Sentence, string Thing, string? Customer, string DuePhrase, DueParseResult Due);

/// <summary>
/// Reads whether a chat message commits its author (or the author's company) to do something by a time.
/// Precision first: a sentence counts only when its subject is the author ("I'll", "we will", "you'll have it"),
/// it is not a question, request, hedge, condition, negation or report of someone else's words, and the due
/// parser reads a future time in it. Pure and allocation-light: messages with no commitment cue or no time word
/// are rejected by <see cref="MightHoldPromise"/> without tokenising.
/// </summary>
public static class PromiseReader
{
    /// <summary>Longest message read; longer ones are not chat promises.</summary>
    public const int MaxMessageLength = 4000;

    // A commitment by the author: the cue ends just before the verb.
    private static readonly string[][] Cues =
    [
        ["i'll"], ["i", "will"], ["ill"], ["i’ll"], ["we'll"], ["we’ll"], ["we", "will"], ["i", "shall"], ["we", "shall"],
        ["i'm", "going", "to"], ["i’m", "going", "to"], ["im", "going", "to"], ["i", "am", "going", "to"], ["i'm", "gonna"], ["im", "gonna"], ["i’m", "gonna"],
        ["we're", "going", "to"], ["we’re", "going", "to"], ["we", "are", "going", "to"], ["we're", "gonna"],
        ["i", "promise", "to"], ["we", "promise", "to"], ["i", "commit", "to"], ["we", "commit", "to"],
        ["let", "me"], ["you'll", "have"], ["you’ll", "have"], ["you", "will", "have"], ["you'll", "get"], ["you’ll", "get"], ["you", "will", "get"],
        ["you'll", "receive"], ["you", "will", "receive"], ["will", "do"], ["will", "send"], ["will", "get"], ["will", "have"],
    ];

    // Cues that carry their own verb ("you'll have it by Friday"): the object starts right after.
    private static readonly HashSet<string> CueVerbs = ["have", "get", "receive", "send", "do"];

    // Any of these in the sentence: not a firm promise.
    private static readonly HashSet<string> Hedges =
    [
        "might", "may", "maybe", "probably", "hopefully", "perhaps", "possibly", "try", "trying", "attempt", "aim", "aiming", "hope", "hoping",
        "ideally", "tentatively", "guess", "think", "if", "unless", "could", "would", "should", "can", "i'd", "we'd", "i’d", "we’d", "happy",
        "won't", "won’t", "not", "can't", "can’t", "cannot", "never", "said", "says", "told", "promised", "supposed", "meant",
        "expected", "planned", "remind", "reminder", "forget", "unclear", "unsure", "prob", "shd", "w/e", "whenever",
        "possible", "likely", "wish", "assuming", "depending", "depends", "provided", "tbc", "tbd", "pending", "hopefully,", "kinda",
    ];

    // Verbs of meeting and being somewhere: a schedule, not a promise to deliver.
    private static readonly HashSet<string> ScheduleVerbs =
    [
        "meet", "talk", "chat", "speak", "see", "sync", "join", "attend", "be", "catch", "hop", "grab", "jump", "head", "fly", "travel", "leave", "arrive",
        "land", "present", "demo", "discuss", "go", "come", "stop", "hang", "check-in", "huddle", "visit", "know",
    ];

    // Words that open a due phrase.
    private static readonly HashSet<string> DueOpeners = ["by", "before", "on", "at", "until", "till", "til", "in", "within", "no", "first", "end", "eod", "eow", "cob", "eob", "eom", "today", "tomorrow", "tmrw", "tmr", "tonight", "next", "this"];

    private static readonly HashSet<string> WeekdayWords = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"];

    private static readonly string[] TimeWords =
    [
        "day", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "tomorrow", "tmrw", "tonight", "eod", "eow", "cob", "eob", "eom", "noon", "midnight", "week", "month",
        "morning", "afternoon", "evening", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "quarter", "year", "hour", "minute", "end of", "pm", "am",
    ];

    private static readonly string[] CueWords = ["'ll", "’ll", " ill ", "will", "going to", "gonna", "shall", "promise to", "commit to", "let me"];

    // Words that end the object before the due or customer.
    private static readonly HashSet<string> ObjectStops = ["by", "before", "on", "at", "until", "till", "til", "within", "for", "to", "first", "no", "today", "tomorrow", "tonight", "eod", "cob", "eow", "next", "this", "end", "in"];

    private static readonly HashSet<string> Indirect = ["you", "u", "ya", "y'all", "you all", "you guys", "them", "him", "her", "over", "back", "across", "along"];

    // Capitalised words that start sentences or name teams rather than customers.
    private static readonly HashSet<string> NotNames =
    [
        "ok", "okay", "sure", "thanks", "thx", "great", "hi", "hey", "hello", "sounds", "got", "per", "quick", "just", "absolutely", "agreed", "all", "heard", "on", "no",
        "sorry", "appreciate", "will", "we", "we'll", "let", "you", "you'll", "kk", "ill", "im", "qa", "sow", "msa", "po", "nda", "sla", "roi", "rma", "qbr", "sku", "w-9", "cfo",
        "poc", "sso", "eod", "eow", "cob", "pricing", "legal", "finance", "procurement", "hotfix", "team", "update", "note", "fyi", "re", "the", "tracking",
    ];

    private static readonly HashSet<string> NotCustomers =
    [
        "you", "u", "the", "a", "an", "our", "your", "their", "them", "us", "me", "him", "her", "it", "this", "that", "everyone", "all", "review", "signature",
        "legal", "finance", "procurement", "security", "approval", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "eod", "cob", "i",
    ];

    /// <summary>
    /// The cheap pre-filter: false when the message holds no commitment cue or no time word, so it cannot be a promise
    /// the reader accepts. No allocation.
    /// </summary>
    public static bool MightHoldPromise(ReadOnlySpan<char> text)
    {
        if (text.Length is < 8 or > MaxMessageLength)
        {
            return false;
        }

        var cue = false;
        foreach (var word in CueWords)
        {
            if (text.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                cue = true;
                break;
            }
        }

        if (!cue && !text.StartsWith("ill ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (text.IndexOfAnyInRange('0', '9') >= 0)
        {
            return true;
        }

        foreach (var word in TimeWords)
        {
            if (text.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reads the first promise in <paramref name="text"/>: null when the message does not commit its author to
    /// something by a future time.
    /// </summary>
    /// <param name="text">The message as written (Slack mrkdwn or plain text).</param>
    /// <param name="context">The author's now, zone, working hours and the workspace's date order.</param>
    /// <param name="knownCustomers">Customer names the author has promised before (matched in the text), or empty.</param>
    public static ReadPromise? Read(string? text, in DueContext context, IReadOnlyList<string>? knownCustomers = null)
    {
        if (text is null || !MightHoldPromise(text))
        {
            return null;
        }

        foreach (var sentence in Sentences(text))
        {
            if (ReadSentence(sentence, context, knownCustomers ?? [], text) is { } promise)
            {
                return promise;
            }
        }

        return null;
    }

    /// <summary>Splits a message into sentences (on . ! ? ; and line breaks, keeping the mark), trimmed.</summary>
    internal static IEnumerable<string> Sentences(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var end = c is '!' or '?' or ';' or '\n'
                || (c == '.' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])) && !AbbreviationBefore(text, i));
            if (end)
            {
                var s = text[start..(i + 1)].Trim();
                if (s.Length > 0)
                {
                    yield return s;
                }

                start = i + 1;
            }
        }

        var last = text[start..].Trim();
        if (last.Length > 0)
        {
            yield return last;
        }
    }

    // "p.m." and "a.m.", "Inc.", "Dec. 5" do not end a sentence.
    private static bool AbbreviationBefore(string text, int dot)
    {
        var w = dot - 1;
        while (w >= 0 && char.IsLetter(text[w]))
        {
            w--;
        }

        var word = text.AsSpan(w + 1, dot - w - 1);
        if (word.Length == 1)
        {
            return w >= 0 && text[w] == '.';
        }

        var nextIsDigit = dot + 2 < text.Length && char.IsAsciiDigit(text[dot + 2]);
        foreach (var abbreviation in Abbreviations)
        {
            if (word.Equals(abbreviation, StringComparison.OrdinalIgnoreCase))
            {
                return abbreviation.Length > 3 || abbreviation is "inc" or "co" or "mr" or "mrs" or "dr" or "vs" or "st" || nextIsDigit;
            }
        }

        return false;
    }

    private static readonly string[] Abbreviations = ["inc", "corp", "co", "mr", "mrs", "dr", "vs", "st", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"];

    private static ReadPromise? ReadSentence(string sentence, in DueContext context, IReadOnlyList<string> knownCustomers, string message)
    {
        if (sentence.EndsWith('?'))
        {
            return null;
        }

        var words = Words(sentence);
        var lower = words.Select(w => w.Lower).ToArray();
        var cueEnd = FindCue(lower, out var cueStart);
        if (cueEnd < 0)
        {
            return null;
        }

        for (var i = 0; i < lower.Length; i++)
        {
            // "may" is a hedge, "May 5" a month.
            if (Hedges.Contains(lower[i]) && !(lower[i] == "may" && i + 1 < lower.Length && StartsWithDigit(lower[i + 1])) && !(lower[i] == "may" && i > 0 && lower[i - 1] is "by" or "on" or "in" or "of" or "end"))
            {
                return null;
            }
        }

        // The verb right after the cue: schedules ("we'll meet Friday") are not deliveries.
        var verbAt = cueEnd;
        while (verbAt < lower.Length && lower[verbAt] is "also" or "definitely" or "absolutely" or "def" or "just" or "then" or "totally" or "make" or "sure" or "personally" or "all" or "both")
        {
            verbAt++;
        }

        if (verbAt >= lower.Length || ScheduleVerbs.Contains(lower[verbAt]))
        {
            return null;
        }

        var (duePhrase, dueStart, dueEnd, due) = FindDue(words, lower, cueEnd, context);
        if (duePhrase is null)
        {
            return null;
        }

        var customer = FindCustomer(words, lower, knownCustomers, message, verbAt);
        var objectText = ObjectOf(words, lower, cueEnd, dueStart, cueStart);
        _ = dueEnd;
        return new ReadPromise(sentence, objectText, customer, duePhrase, due);
    }

    private readonly record struct Word(string Text, string Lower, int Start);

    private static Word[] Words(string sentence)
    {
        var list = new List<Word>(24);
        var i = 0;
        while (i < sentence.Length)
        {
            while (i < sentence.Length && (char.IsWhiteSpace(sentence[i]) || sentence[i] is ',' or '"' or '(' or ')' or '—' or '–' or '*' or '_'))
            {
                i++;
            }

            var start = i;
            while (i < sentence.Length && !char.IsWhiteSpace(sentence[i]) && sentence[i] is not (',' or '"' or '(' or ')' or '—' or '*'))
            {
                i++;
            }

            if (i > start)
            {
                var text = sentence[start..i].TrimEnd('.', '!', ';', ':', '?');
                if (text.Length > 0)
                {
                    list.Add(new Word(text, text.ToLowerInvariant(), start));
                }
            }
        }

        return [.. list];
    }

    private static int FindCue(string[] lower, out int cueStart)
    {
        for (var i = 0; i < lower.Length; i++)
        {
            foreach (var cue in Cues)
            {
                if (i + cue.Length > lower.Length)
                {
                    continue;
                }

                var match = true;
                for (var k = 0; k < cue.Length && match; k++)
                {
                    match = lower[i + k] == cue[k];
                }

                if (!match)
                {
                    continue;
                }

                // "will do" / "will send" only as the sentence's start ("Will send by EOD"), not "John will send".
                if (cue[0] == "will" && i != 0 && !(i == 1 && lower[0] is "ok" or "okay" or "sure" or "yes" or "yep" or "kk" or "k" or "np" or "cool" or "great" or "thanks" or "thx" or "noted"))
                {
                    continue;
                }

                // "let me" promises only when a delivery follows ("let me get back to you by Friday"), not "let me know".
                if (cue[0] == "let" && i != 0)
                {
                    continue;
                }

                cueStart = i;
                var end = i + cue.Length;
                return CueVerbs.Contains(cue[^1]) && cue.Length > 1 && cue[0] != "will" ? end : (cue[0] == "will" ? i + 1 : end);
            }
        }

        cueStart = -1;
        return -1;
    }

    private static (string? Phrase, int Start, int End, DueParseResult Due) FindDue(Word[] words, string[] lower, int from, in DueContext context)
    {
        for (var i = from; i < words.Length; i++)
        {
            if (!DueOpeners.Contains(lower[i]) && !WeekdayWords.Contains(lower[i]) && !StartsWithDigit(lower[i]))
            {
                continue;
            }

            var lead = lower[i] switch
            {
                "before" or "until" or "till" or "til" => "by",
                "within" => "in",
                "no" when i + 2 < lower.Length && lower[i + 1] == "later" && lower[i + 2] == "than" => "by",
                "no" => null,
                _ => "",
            };
            if (lead is null)
            {
                continue;
            }

            var first = lower[i] == "no" ? i + 3 : (lead.Length > 0 ? i + 1 : i);
            if (first >= words.Length)
            {
                continue;
            }

            var longest = Math.Min(words.Length, first + 7);
            for (var end = longest; end > first; end--)
            {
                var phrase = Join(words, first, end);
                if (lower[i] == "at" && end - first == 1 && !phrase.Any(char.IsDigit) && lower[first] is not ("noon" or "midnight" or "eod" or "cob"))
                {
                    continue;
                }

                var candidate = lead.Length > 0 ? lead + " " + phrase : phrase;
                var due = DueTimeParser.Parse(candidate, context);
                if (due.Success)
                {
                    return (candidate, i, end, due);
                }

                if (due.Error is DueError.Past or DueError.ImpossibleDate or DueError.ImpossibleTime && end - first >= 1 && IsWholeDue(words, first, end))
                {
                    // A time in the past ("by Monday" said on Tuesday is next Monday, but "yesterday" is not a promise).
                    return (null, -1, -1, default);
                }
            }
        }

        return (null, -1, -1, default);
    }

    private static bool IsWholeDue(Word[] words, int first, int end) => end - first >= 1 && words.Length > 0;

    private static bool StartsWithDigit(string w) => w.Length > 0 && char.IsAsciiDigit(w[0]);

    private static string Join(Word[] words, int from, int to)
    {
        var parts = new string[to - from];
        for (var k = from; k < to; k++)
        {
            parts[k - from] = words[k].Text;
        }

        return string.Join(' ', parts);
    }

    private static string? FindCustomer(Word[] words, string[] lower, IReadOnlyList<string> knownCustomers, string message, int verbAt)
    {
        foreach (var name in knownCustomers)
        {
            if (name.Length > 1 && ContainsWord(message, name))
            {
                return name;
            }
        }

        // "send Initech the terms": a name right after the verb.
        if (verbAt + 1 < words.Length && IsName(words[verbAt + 1].Text))
        {
            return NameFrom(words, verbAt + 1);
        }

        // "for Acme", "to Globex Corp", "the Initech proposal": a capitalised name that is no common word.
        for (var i = 1; i + 1 < words.Length; i++)
        {
            if (lower[i] is "for" or "to" or "with" or "the" && IsName(words[i + 1].Text))
            {
                return NameFrom(words, i + 1);
            }
        }

        // "Acme: we'll …", "Acme team, …", "Globex folks: …", "Acme's renewal: …" at the start of the message.
        var lead = Words(message.Length > 200 ? message[..200] : message);
        var n = 0;
        while (n < lead.Length && n < 3 && IsName(lead[n].Text.TrimEnd(':')))
        {
            n++;
            if (message.AsSpan(lead[n - 1].Start + lead[n - 1].Text.Length).StartsWith(":"))
            {
                break;
            }
        }

        if (n > 0 && n < lead.Length + 1)
        {
            var after = lead[n - 1].Start + lead[n - 1].Text.Length;
            var next = n < lead.Length ? lead[n].Lower : "";
            if (message.AsSpan(after).StartsWith(":") || next is "team" or "folks" or "crew" or "all" or "renewal" || lead[n - 1].Text.EndsWith("'s", StringComparison.Ordinal))
            {
                return NameFrom(lead, 0, n);
            }
        }

        return null;
    }

    private static string NameFrom(Word[] words, int at, int limit = 3)
    {
        var end = at + 1;
        while (end < words.Length && end - at < limit && IsName(words[end].Text) && !words[end - 1].Text.EndsWith("'s", StringComparison.Ordinal))
        {
            end++;
        }

        var name = Join(words, at, end).TrimEnd(':');
        return name.EndsWith("'s", StringComparison.Ordinal) || name.EndsWith("’s", StringComparison.Ordinal) ? name[..^2] : name;
    }

    private static bool IsName(string word) =>
        word.Length > 1 && char.IsUpper(word[0]) && !(word.Length == 2 && char.IsAsciiDigit(word[1])) && !NotCustomers.Contains(word.ToLowerInvariant()) && !WeekdayWords.Contains(word.ToLowerInvariant())
        && !MonthLike(word) && word.All(c => char.IsLetterOrDigit(c) || c is '\'' or '’' or '&' or '-' or '.' or ':')
        && !word.StartsWith("I'", StringComparison.Ordinal) && !word.StartsWith("I’", StringComparison.Ordinal) && !NotNames.Contains(word.TrimEnd(':').ToLowerInvariant());

    private static bool MonthLike(string word) =>
        word.Length >= 3 && "jan feb mar apr may jun jul aug sep oct nov dec eod cob eow".Contains(word[..3].ToLowerInvariant(), StringComparison.Ordinal)
        && (word.Length <= 4 || word.ToLowerInvariant() is "january" or "february" or "march" or "april" or "june" or "july" or "august" or "september" or "october" or "november" or "december");

    private static bool ContainsWord(string text, string word)
    {
        var at = 0;
        while ((at = text.IndexOf(word, at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var before = at == 0 || !char.IsLetterOrDigit(text[at - 1]);
            var after = at + word.Length >= text.Length || !char.IsLetterOrDigit(text[at + word.Length]);
            if (before && after)
            {
                return true;
            }

            at += word.Length;
        }

        return false;
    }

    // "send you the revised quote by Friday" → "the revised quote".
    private static string ObjectOf(Word[] words, string[] lower, int cueEnd, int dueStart, int cueStart)
    {
        var from = cueEnd;
        if (from < lower.Length && !CueVerbs.Contains(lower[Math.Max(0, from - 1)]))
        {
            from++; // skip the verb
        }

        while (from < lower.Length && Indirect.Contains(lower[from]))
        {
            from++;
        }

        // "send Acme the revised quote": the customer is not part of what.
        var name = from;
        while (name < words.Length && name - from < 3 && IsName(words[name].Text))
        {
            name++;
        }

        if (name > from && name < lower.Length && lower[name] is "the" or "a" or "an" or "their" or "our" or "your" or "its" or "his" or "her" or "some" or "all")
        {
            from = name;
        }

        var to = from;
        while (to < words.Length && to != dueStart && !ObjectStops.Contains(lower[to]))
        {
            to++;
        }

        if (to > from)
        {
            return Join(words, from, to);
        }

        var clause = Join(words, Math.Max(0, cueStart), dueStart < 0 ? words.Length : dueStart);
        return clause;
    }
}
