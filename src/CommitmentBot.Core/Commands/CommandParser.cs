using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Records;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Commands;

/// <summary>
/// Reads the <c>/promise</c> grammar (SPEC "Commands") into a <see cref="Command"/>. Purely syntactic:
/// due phrases are split out here and resolved by the runner against the rep's zone and clock.
/// </summary>
public static class CommandParser
{
    /// <summary>Longest promise text accepted.</summary>
    public const int MaxWhatLength = 500;

    /// <summary>Longest customer name accepted.</summary>
    public const int MaxCustomerLength = 100;

    /// <summary>Longest command accepted at all (anything longer is refused before parsing).</summary>
    public const int MaxCommandLength = 4000;

    /// <summary>Longest <c>admin import</c> (an uploaded CSV of up to 1,000 pairs).</summary>
    public const int MaxImportLength = 64 * 1024;

    /// <summary>Examples shown when a due is missing or unreadable.</summary>
    public const string DueExamples = "e.g. `by Friday 3pm`, `by tomorrow morning`, `by Dec 5 at 9am ET`, `by EOD`, `in 2 business days`, `by next week`";

    // Words that start a reason rather than belong to it ("because the part is late").
    private static readonly string[] ReasonOpeners = ["because ", "since ", "as ", "due to "];

    // "for the 12/15 event", "for our launch": a purpose, not a customer (a name is capitalised: "for The Home Depot").
    private static readonly string[] NotACustomer = ["the ", "a ", "an ", "our ", "their ", "his ", "her ", "my ", "your ", "its ", "this ", "that ", "these ", "those ", "next ", "each ", "every ", "all "];

    /// <summary>Parses the text after <c>/promise</c>.</summary>
    public static Command Parse(string? text)
    {
        var input = Normalise(text);
        if (input.Length == 0)
        {
            return new HelpCommand(null);
        }

        if (input.Length > MaxCommandLength)
        {
            var import = input.StartsWith("admin import", StringComparison.OrdinalIgnoreCase);
            if (!import)
            {
                return new InvalidCommand($"That is too long to be a command ({input.Length} characters). Keep the promise under {MaxWhatLength} characters.");
            }

            if (input.Length > MaxImportLength)
            {
                return new InvalidCommand($"That import is too long ({input.Length} characters; at most 65,536). Import at most 1,000 pairs at a time.");
            }
        }

        var (verb, rest) = SplitFirstWord(input);
        switch (verb.ToLowerInvariant())
        {
            case "help":
            case "?":
                return new HelpCommand(rest.Length == 0 ? null : rest.ToLowerInvariant());
            case "list":
            case "ls":
                return rest.Length == 0 ? new ListCommand() : Create(input);
            case "team":
                return rest.Length == 0 ? new TeamCommand() : Create(input);
            case "done":
            case "kept":
                return Change(ChangeKind.Done, "done", rest, input);
            case "risk":
            case "at-risk":
                return Change(ChangeKind.Risk, "risk", rest, input);
            case "missed":
            case "miss":
                return Change(ChangeKind.Missed, "missed", rest, input);
            case "cancel":
                return Change(ChangeKind.Cancel, "cancel", rest, input);
            case "move":
                return Move(rest, input);
            case "show":
                return Show(rest, input);
            case "record":
                return Record(rest);
            case "settings":
            case "setting":
                return Settings(rest);
            case "admin":
                return Admin(rest);
            case "away":
                return Away(rest);
            default:
                // "history P-2", "frobnicate P-1": an unknown word followed only by ids is a mistyped command, not a promise.
                return rest.Length > 0 && rest.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).All(w => ShortId.TryParse(TrimPunctuation(w), out _))
                    ? new InvalidCommand(UnknownCommand(verb))
                    : Create(input);
        }
    }

    private const string AwayExamples = "Examples: `/promise away Dec 10 to Dec 14 cover @raj`, `/promise away until Friday`, `/promise away off`.";

    /// <summary><c>away &lt;from&gt; to &lt;until&gt; [cover @user]</c>, <c>away until &lt;when&gt; [cover @user]</c>, <c>away off</c>, <c>away</c>.</summary>
    private static Command Away(string rest)
    {
        var text = rest.Trim();
        if (text.Length == 0)
        {
            return new ShowAwayCommand();
        }

        if (text.Equals("off", StringComparison.OrdinalIgnoreCase) || text.Equals("back", StringComparison.OrdinalIgnoreCase))
        {
            return new AwayOffCommand();
        }

        string? cover = null;
        var coverAt = text.LastIndexOf(" cover ", StringComparison.OrdinalIgnoreCase);
        if (coverAt >= 0)
        {
            var who = text[(coverAt + 7)..].Trim();
            if (!TryReadMention(who, out var coverId))
            {
                return new InvalidCommand("Who covers? Mention them: `cover @raj`. " + AwayExamples);
            }

            cover = coverId;
            text = text[..coverAt].Trim();
        }

        if (text.StartsWith("until ", StringComparison.OrdinalIgnoreCase))
        {
            var until = text[6..].Trim();
            return until.Length == 0 ? new InvalidCommand("Until when? " + AwayExamples) : new AwayCommand(null, until, cover);
        }

        var to = text.IndexOf(" to ", StringComparison.OrdinalIgnoreCase);
        if (to <= 0)
        {
            return new InvalidCommand("Say when you are away from and to. " + AwayExamples);
        }

        var from = text[..to].Trim();
        var end = text[(to + 4)..].Trim();
        if (from.StartsWith("from ", StringComparison.OrdinalIgnoreCase))
        {
            from = from[5..].Trim();
        }

        return from.Length == 0 || end.Length == 0
            ? new InvalidCommand("Say when you are away from and to. " + AwayExamples)
            : new AwayCommand(from, end, cover);
    }

    /// <summary>What a first word that is no command, with nothing that reads as a promise after it, is answered.</summary>
    public static string UnknownCommand(string word) =>
        $"I don't know that command: `{Clip(word, 40)}`. Commands: `list`, `show P-3`, `done P-3`, `risk P-3`, `move P-3 to <when>`, "
        + "`missed P-3`, `cancel P-3`, `team`, `record`, `settings`, `admin`, `help`. "
        + "To make a promise, say what and by when: `send revised quote for Acme by Friday 3pm`. Nothing was saved.";

    private static Command Show(string rest, string whole)
    {
        var (idText, after) = SplitFirstWord(rest);
        idText = TrimPunctuation(idText);
        if (idText.Length == 0)
        {
            return new InvalidCommand("Which promise? Give its id, e.g. `/promise show P-3`. `/promise list` shows your ids.");
        }

        if (!ShortId.TryParse(idText, out var number))
        {
            // "show the demo to Acme by Friday" is a promise.
            return LooksLikePromise(whole) ? Create(whole) : new InvalidCommand($"`{Clip(idText, 40)}` is not a promise id. e.g. `/promise show P-3`.");
        }

        return after.Length > 0 && LooksLikePromise(whole) ? Create(whole) : new ShowCommand(number);
    }

    /// <summary>
    /// Reads a user reference: Slack's <c>&lt;@U123|name&gt;</c> or <c>&lt;@U123&gt;</c>, or <c>@id</c>.
    /// </summary>
    public static bool TryReadMention(string token, out string userId)
    {
        userId = "";
        var t = token.Trim().TrimEnd(',', ';');
        if (t.StartsWith("<@", StringComparison.Ordinal) && t.EndsWith('>'))
        {
            var inner = t[2..^1];
            var bar = inner.IndexOf('|', StringComparison.Ordinal);
            userId = bar >= 0 ? inner[..bar] : inner;
        }
        else if (t.StartsWith('@'))
        {
            userId = t[1..];
        }
        else
        {
            return false;
        }

        return userId.Length is > 0 and <= 128 && !userId.Any(char.IsWhiteSpace);
    }

    private static string Normalise(string? text)
    {
        var t = (text ?? "").Trim();

        // Tolerate people typing the command name itself ("/promise list", "promise list").
        if (t.StartsWith("/promise", StringComparison.OrdinalIgnoreCase))
        {
            t = t[8..].TrimStart();
        }

        return t.Replace('\u00A0', ' ');
    }

    private static (string Head, string Tail) SplitFirstWord(string text)
    {
        var space = text.IndexOfAny([' ', '\n', '\t', '\r']);
        return space < 0 ? (text, "") : (text[..space], text[(space + 1)..].Trim());
    }

    private static Command Change(ChangeKind kind, string verb, string rest, string whole)
    {
        var (idText, why) = SplitFirstWord(rest);
        idText = TrimPunctuation(idText); // "risk P-3, supplier is late"
        if (idText.Length == 0)
        {
            return new InvalidCommand($"Which promise? Give its id, e.g. `/promise {verb} P-3`. `/promise list` shows your ids.");
        }

        if (!ShortId.TryParse(idText, out var number))
        {
            // "cancel the order for Acme by Friday" is a promise, not a command.
            if (LooksLikePromise(whole))
            {
                return Create(whole);
            }

            return new InvalidCommand($"`{Clip(idText, 40)}` is not a promise id. Ids look like `P-3`; `/promise list` shows yours.");
        }

        return new ChangeCommand(kind, number, Reason(why));
    }

    private static Command Move(string rest, string whole)
    {
        var (idText, afterId) = SplitFirstWord(rest);
        idText = TrimPunctuation(idText);
        if (idText.Length == 0)
        {
            return new InvalidCommand("Which promise, and to when? e.g. `/promise move P-3 to Friday 3pm customer agreed`.");
        }

        if (!ShortId.TryParse(idText, out var number))
        {
            if (LooksLikePromise(whole))
            {
                return Create(whole);
            }

            return new InvalidCommand($"`{Clip(idText, 40)}` is not a promise id. e.g. `/promise move P-3 to Friday 3pm`.");
        }

        var (toWord, phrase) = SplitFirstWord(afterId);
        if (!toWord.Equals("to", StringComparison.OrdinalIgnoreCase))
        {
            phrase = afterId;
        }

        if (phrase.Length == 0)
        {
            return new InvalidCommand($"To when? e.g. `/promise move {ShortId.Format(number)} to Friday 3pm`.");
        }

        // The new due is the longest run of leading words that reads as one; the rest, with or without a
        // comma, is the reason: "next Tuesday Acme asked to push, their VP is out".
        var length = DueTimeParser.LeadingPhraseLength(phrase);
        if (length == 0)
        {
            return new MoveCommand(number, phrase, null); // nothing reads as a due: the runner says what is wrong with it
        }

        return new MoveCommand(number, TrimPunctuation(phrase[..length]), Reason(phrase[length..]));
    }

    /// <summary>A reason as written after an id or a due: leading punctuation and "because" dropped, null when empty.</summary>
    private static string? Reason(string text)
    {
        var reason = text.Trim().TrimStart(',', ';', ':', '-', '—', '–', '.').Trim();
        foreach (var opener in ReasonOpeners)
        {
            if (reason.StartsWith(opener, StringComparison.OrdinalIgnoreCase))
            {
                reason = reason[opener.Length..].Trim();
                break;
            }
        }

        return NullIfEmpty(reason);
    }

    private static string TrimPunctuation(string text) => text.Trim().TrimEnd(',', ';', ':', '.').Trim();

    private static Command Record(string rest)
    {
        var words = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();

        // The period comes last: "last week" (two words) or one word.
        var period = RecordPeriod.Default;
        if (words.Count >= 2 && RecordPeriod.TryParse(words[^2] + " " + words[^1], out var two))
        {
            period = two;
            words.RemoveRange(words.Count - 2, 2);
        }
        else if (words.Count >= 1 && RecordPeriod.TryParse(words[^1], out var one))
        {
            period = one;
            words.RemoveAt(words.Count - 1);
        }

        if (words.Count == 0)
        {
            return new RecordCommand(new RecordSubject.Mine(), period);
        }

        var first = words[0];
        if (words.Count == 1 && TryReadMention(first, out var user))
        {
            return new RecordCommand(new RecordSubject.Person(user), period);
        }

        if (words.Count == 1 && first.Equals("team", StringComparison.OrdinalIgnoreCase))
        {
            return new RecordCommand(new RecordSubject.Team(), period);
        }

        if (words.Count == 1 && (first.Equals("all", StringComparison.OrdinalIgnoreCase) || first.Equals("everyone", StringComparison.OrdinalIgnoreCase)))
        {
            return new RecordCommand(new RecordSubject.Everyone(), period);
        }

        if (first.Equals("customer", StringComparison.OrdinalIgnoreCase))
        {
            var name = string.Join(' ', words.Skip(1)).Trim().Trim('"', '\'');
            return name.Length is 0 or > 100
                ? new InvalidCommand("Which customer? e.g. `/promise record customer Acme` or `/promise record customer Acme quarter`.")
                : new RecordCommand(new RecordSubject.Customer(name), period);
        }

        var written = Clip(string.Join(' ', words), 60);
        return new InvalidCommand(
            $"I can't read `{written}` in a record. Whose record: nothing (yours), `@name`, `team`, `customer <name>` or `all` (admins); "
            + $"then a period: {RecordPeriod.Examples}. e.g. `/promise record team last week`, `/promise record customer {written} 90d`.");
    }

    private static Command Settings(string rest)
    {
        var (what, value) = SplitFirstWord(rest);
        switch (what.ToLowerInvariant())
        {
            case "":
                return new ShowSettingsCommand();
            case "zone":
            case "timezone":
            case "tz":
                if (value.Length == 0)
                {
                    return new InvalidCommand("Which zone? e.g. `/promise settings zone America/New_York`, `zone EST` or `zone Pacific` (or `zone auto` to follow your profile).");
                }

                if (value.Equals("auto", StringComparison.OrdinalIgnoreCase))
                {
                    return new SetZoneCommand(null);
                }

                return TimeZones.TryResolve(value, out var zone)
                    ? new SetZoneCommand(zone.Id)
                    : new InvalidCommand($"I don't know the time zone `{Clip(value, 64)}`. Use a name like `EST`, `Pacific`, `CET` or `IST`, an IANA name like `Europe/London`, or an offset like `UTC+5:30`.");
            case "digest":
                return value.ToLowerInvariant() switch
                {
                    "off" => new SetDigestCommand(false),
                    "on" => new SetDigestCommand(true),
                    _ => new InvalidCommand("Say `/promise settings digest off` to stop the Monday digest and your week's summary, or `settings digest on` to have them again."),
                };
            case "hours":
            case "workinghours":
                return WorkingHours.TryParse(value, out var hours, out var daysGiven, out var error)
                    ? new SetHoursCommand(hours, daysGiven)
                    : new InvalidCommand($"Those hours don't read: {error}.");
            case "manager":
                if (value.Equals("none", StringComparison.OrdinalIgnoreCase))
                {
                    return new SetMyManagerCommand(null);
                }

                return TryReadMention(value, out var manager)
                    ? new SetMyManagerCommand(manager)
                    : new InvalidCommand("Who is your manager? Mention them: `/promise settings manager @name` (or `manager none`).");
            default:
                return new InvalidCommand("Settings are `zone <zone>` (e.g. `America/New_York` or `EST`), `hours 9-5` or `hours Mon-Fri 08:00-18:00`, and `manager @name`. `/promise settings` shows yours.");
        }
    }

    private static Command Admin(string rest)
    {
        var (what, value) = SplitFirstWord(rest);
        switch (what.ToLowerInvariant())
        {
            case "":
                return new ShowAdminCommand();
            case "manager":
            {
                var tokens = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (tokens.Length == 2 && TryReadMention(tokens[0], out var rep))
                {
                    if (tokens[1].Equals("none", StringComparison.OrdinalIgnoreCase))
                    {
                        return new AdminSetManagerCommand(rep, null);
                    }

                    if (TryReadMention(tokens[1], out var manager))
                    {
                        return rep == manager
                            ? new InvalidCommand("Nobody can be their own manager.")
                            : new AdminSetManagerCommand(rep, manager);
                    }
                }

                return new InvalidCommand("Name the rep and then the manager: `/promise admin manager @rep @manager` (or `@rep none`).");
            }

            case "channel":
                return value.Equals("none", StringComparison.OrdinalIgnoreCase)
                    ? new AdminSetChannelCommand(Clear: true)
                    : value.Length == 0
                        ? new AdminSetChannelCommand(Clear: false)
                        : new InvalidCommand("Run `/promise admin channel` inside the escalation channel itself (or `admin channel none` to clear it).");
            case "dateorder":
            case "date-order":
                return value.ToUpperInvariant() switch
                {
                    "MDY" => new AdminSetDateOrderCommand(DateOrder.MDY),
                    "DMY" => new AdminSetDateOrderCommand(DateOrder.DMY),
                    _ => new InvalidCommand("Date order is `MDY` (12/5 = December 5) or `DMY` (12/5 = 12 May): `/promise admin dateorder DMY`."),
                };
            case "policy":
                return Policy(value);

            case "import":
                return Import(value);
            case "admin":
                return TryReadMention(value, out var admin)
                    ? new AdminGrantCommand(admin)
                    : new InvalidCommand("Who should be an admin? `/promise admin admin @name`.");
            default:
                return new InvalidCommand("Admin commands: `channel` (run it in the channel), `manager @rep @manager`, `import` (CSV lines `rep,manager`), `dateorder MDY|DMY`, `policy [name value]`, `admin @name`.");
        }
    }

    private static Command Policy(string text)
    {
        var (name, typed) = SplitFirstWord(text);
        if (name.Length == 0)
        {
            return new AdminPolicyCommand(null);
        }

        if (typed.Length == 0)
        {
            return new InvalidCommand($"Give a value: `/promise admin policy {Clip(name, 30)} <value>`. `/promise admin policy` lists them.");
        }

        var value = typed.Trim();
        PolicySetting? setting = name.ToLowerInvariant() switch
        {
            "headsup" or "heads-up" => TryReadPercent(value, out var share) ? new HeadsUpShareSetting(share) : null,
            "headsup-min" => Duration(PolicyDuration.HeadsUpMinimum, value),
            "headsup-max" => Duration(PolicyDuration.HeadsUpMaximum, value),
            "overdue" => Duration(PolicyDuration.OverdueAfter, value),
            "manager" => Duration(PolicyDuration.ManagerAfter, value),
            "channel" => Duration(PolicyDuration.ChannelAfterManager, value),
            "channel-nomanager" => WorkingDays(PolicyWorkingDays.ChannelWithoutManager, value),
            "snooze" => WorkingDays(PolicyWorkingDays.Snooze, value),
            "status-away" => value.ToLowerInvariant() switch { "on" => new StatusAwaySetting(true), "off" => new StatusAwaySetting(false), _ => null },
            "notice" => value.ToLowerInvariant() switch { "on" => new NoticeSetting(true), "off" => new NoticeSetting(false), _ => null },
            "digest-day" => TryReadDay(value, out var day) ? new DigestDaySetting(day) : null,
            "digest-time" => TryReadTimeOfDay(value, out var at) ? new DigestTimeSetting(at) : null,
            _ => null,
        };
        return setting is null
            ? new InvalidCommand($"I can't set `{Clip(name.ToLowerInvariant(), 30)}` to `{Clip(value, 30)}`. Names: headsup (e.g. 25%), headsup-min, headsup-max, overdue, manager, channel (durations like 90m, 2h), channel-nomanager, snooze (working days like 1d), status-away (on or off), notice (on or off), digest-day (e.g. monday), digest-time (e.g. 09:00).")
            : new AdminPolicyCommand(setting);

        static PolicyDurationSetting? Duration(PolicyDuration which, string value) =>
            TryReadDuration(value, out var duration) ? new PolicyDurationSetting(which, duration) : null;

        static PolicyWorkingDaysSetting? WorkingDays(PolicyWorkingDays which, string value) =>
            TryReadWorkingDays(value, out var days) ? new PolicyWorkingDaysSetting(which, days) : null;
    }

    /// <summary>"25%", "25" or "0.25" as a share strictly between 0 and 1.</summary>
    private static bool TryReadPercent(string text, out double share)
    {
        share = 0;
        if (!double.TryParse(text.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        share = value > 1 ? value / 100 : value;
        return share is > 0 and < 1;
    }

    /// <summary>"90m", "2h", "1.5d": a positive duration of at most 10,000 units.</summary>
    private static bool TryReadDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var t = text.Trim().ToLowerInvariant();
        if (t.Length < 2)
        {
            return false;
        }

        if (!double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || amount <= 0 || amount > 10_000)
        {
            return false;
        }

        duration = t[^1] switch
        {
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            'd' => TimeSpan.FromDays(amount),
            _ => TimeSpan.Zero,
        };
        return duration > TimeSpan.Zero;
    }

    /// <summary>"monday", "mon", "Friday": a day of the week.</summary>
    private static bool TryReadDay(string text, out DayOfWeek day)
    {
        day = DayOfWeek.Monday;
        var t = text.Trim().ToLowerInvariant();
        if (t.Length < 3)
        {
            return false;
        }

        foreach (var d in Enum.GetValues<DayOfWeek>())
        {
            var name = d.ToString().ToLowerInvariant();
            if (name.StartsWith(t, StringComparison.Ordinal))
            {
                day = d;
                return true;
            }
        }

        return false;
    }

    /// <summary>"09:00", "9:30", "17:45": a time of day on a 24-hour clock, in whole minutes.</summary>
    private static bool TryReadTimeOfDay(string text, out TimeSpan time)
    {
        time = TimeSpan.Zero;
        var parts = text.Trim().Split(':');
        if (parts.Length != 2 || parts[1].Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            || hours > 23 || minutes > 59 || parts[0].Length is 0 or > 2)
        {
            return false;
        }

        time = new TimeSpan(hours, minutes, 0);
        return true;
    }

    /// <summary>"2" or "2d": 1 to 30 working days.</summary>
    private static bool TryReadWorkingDays(string text, out int days) =>
        int.TryParse(text.Trim().TrimEnd('d', 'D'), NumberStyles.None, CultureInfo.InvariantCulture, out days) && days is >= 1 and <= 30;

    private static Command Import(string csv)
    {
        var pairs = new List<(string, string)>();
        var lineNumber = 0;
        foreach (var raw in csv.Split(['\n', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            // "U1, U2" is one pair: spaces beside the comma are not separators.
            var line = string.Join(',', raw.Split(',').Select(cell => cell.Trim()));
            if (line.Length == 0)
            {
                continue;
            }

            // One line may hold several "rep,manager" pairs separated by spaces (Slack folds pasted newlines).
            foreach (var entry in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                lineNumber++;
                var cells = entry.Split(',');
                if (lineNumber == 1 && entry.Equals("rep,manager", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (cells.Length != 2)
                {
                    return new InvalidCommand($"Entry {lineNumber} (`{Clip(entry, 60)}`) is not `rep,manager`.");
                }

                var rep = ReadPerson(cells[0]);
                var manager = ReadPerson(cells[1]);
                if (rep is null || manager is null)
                {
                    return new InvalidCommand($"Entry {lineNumber} (`{Clip(entry, 60)}`) needs two people, e.g. `@ana,@maria`.");
                }

                if (rep == manager)
                {
                    return new InvalidCommand($"Entry {lineNumber}: nobody can be their own manager.");
                }

                pairs.Add((rep, manager));
            }
        }

        return pairs.Count == 0
            ? new InvalidCommand("Paste CSV lines after `admin import`, one `rep,manager` pair a line, e.g. `@ana,@maria`.")
            : pairs.Count > 1000
                ? new InvalidCommand("Import at most 1,000 pairs at a time.")
                : new AdminImportCommand(pairs);
    }

    private static string? ReadPerson(string cell)
    {
        var t = cell.Trim().Trim('"');
        if (TryReadMention(t, out var id))
        {
            return id;
        }

        return t.Length is > 0 and <= 128 && !t.Any(char.IsWhiteSpace) && !t.Contains('<', StringComparison.Ordinal) ? t : null;
    }

    private static Command Create(string text)
    {
        var what = text;
        string? customer = null;

        var (body, due) = SplitDue(what);
        what = body;

        // "send the quote by Friday for Acme": the customer may follow the due.
        var dueFor = due.IndexOf(" for ", StringComparison.OrdinalIgnoreCase);
        if (dueFor > 0 && IsCustomerName(due[(dueFor + 5)..]))
        {
            customer = due[(dueFor + 5)..].Trim();
            due = due[..dueFor].Trim();
        }

        // "Acme: send the quote by Friday"
        var colon = what.IndexOf(": ", StringComparison.Ordinal);
        if (customer is null && colon > 0 && colon <= MaxCustomerLength && what[..colon].Count(c => c == ' ') < 6)
        {
            customer = what[..colon].Trim();
            what = what[(colon + 2)..].Trim();
        }
        else if (customer is null)
        {
            // "send the quote for Acme by Friday" (not "send the deck for the 12/15 event by Friday")
            var forAt = what.LastIndexOf(" for ", StringComparison.OrdinalIgnoreCase);
            if (forAt > 0 && IsCustomerName(what[(forAt + 5)..]))
            {
                customer = what[(forAt + 5)..].Trim();
                what = what[..forAt].Trim();
            }
        }

        // "for Acme, by Friday"
        customer = customer is null ? null : TrimPunctuation(customer).TrimEnd('-', '—', '–').Trim();

        what = what.Trim().TrimEnd(',', ';', '-', '—').Trim();
        if (what.Length == 0)
        {
            return new InvalidCommand($"What did you promise? e.g. `/promise send revised quote for Acme by Friday 3pm`.");
        }

        if (what.Length > MaxWhatLength)
        {
            return new InvalidCommand($"That promise is {what.Length} characters; keep it under {MaxWhatLength}. Put the detail in the customer's file, and here what you promised and by when.");
        }

        if (customer is { Length: 0 })
        {
            customer = null;
        }

        if (customer is { Length: > MaxCustomerLength })
        {
            return new InvalidCommand($"That customer name is {customer.Length} characters; keep it under {MaxCustomerLength}.");
        }

        return new CreateCommand(what, customer, due);
    }

    /// <summary>Splits "… by &lt;when&gt;" (also "before", "due") or a trailing "in N units" off a promise.</summary>
    private static (string Body, string Due) SplitDue(string text)
    {
        var best = -1;
        var keywordLength = 0;
        foreach (var keyword in (string[])[" by ", " before ", " due "])
        {
            var at = text.LastIndexOf(keyword, StringComparison.OrdinalIgnoreCase);
            if (at > best)
            {
                best = at;
                keywordLength = keyword.Length;
            }
        }

        if (best > 0)
        {
            return (text[..best], text[(best + keywordLength)..].Trim());
        }

        var inAt = FindTrailingIn(text);
        if (inAt > 0)
        {
            return (text[..inAt], text[(inAt + 1)..].Trim());
        }

        return (text, "");
    }

    /// <summary>
    /// Finds a trailing "in &lt;n&gt; &lt;unit&gt;…" ("in 2 business days", "in a couple of hours", "in 48h",
    /// "in two weeks at 3pm"): the last " in " followed by a count, when all that follows reads as a due.
    /// </summary>
    private static int FindTrailingIn(string text)
    {
        var at = text.LastIndexOf(" in ", StringComparison.OrdinalIgnoreCase);
        if (at <= 0)
        {
            return -1;
        }

        var tail = text[(at + 1)..].TrimEnd().TrimEnd('.', '!');
        var count = tail[3..].TrimStart();
        var first = count.Split(' ', 2)[0].ToLowerInvariant();
        var countOk = (first.Length > 0 && char.IsDigit(first[0]))
            || first is "a" or "an" or "half" or "couple" or "one" or "two" or "three" or "four" or "five" or "six"
                or "seven" or "eight" or "nine" or "ten" or "eleven" or "twelve";
        // "in a few days" is no deadline, but it is where the rep put one: it gets the answer that says so.
        return countOk && (DueTimeParser.LeadingPhraseLength(tail) == tail.Length || DueTimeParser.IsVague(tail)) ? at : -1;
    }

    /// <summary>What follows "for" names a customer unless it starts with a lower-case article or possessive.</summary>
    private static bool IsCustomerName(string text)
    {
        var t = text.TrimStart();
        foreach (var word in NotACustomer)
        {
            if (t.StartsWith(word, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return t.Length > 0;
    }

    private static bool LooksLikePromise(string text) =>
        text.Contains(" by ", StringComparison.OrdinalIgnoreCase) || FindTrailingIn(text) > 0;

    private static string? NullIfEmpty(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Shortens what a person typed before it is quoted back to them.</summary>
    [return: NotNullIfNotNull(nameof(text))]
    internal static string? Clip(string? text, int max) => text is null || text.Length <= max ? text : text[..max] + "…";
}
