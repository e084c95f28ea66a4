using NodaTime;

namespace CommitmentBot.Core.Time;

/// <summary>How strongly the context says a bare number is a time of day.</summary>
internal enum TimeCue : byte
{
    /// <summary>Nothing: "5" alone is not read as a time.</summary>
    None,

    /// <summary>After a date: "tomorrow 9".</summary>
    Implied,

    /// <summary>After "at": "at 5", "at 1530".</summary>
    Explicit,
}

/// <summary>
/// Recursive-descent reading of a tokenised due phrase into a <see cref="DueSpec"/>. Each form is tried in
/// turn from the same place; a form that recognises its shape but finds an impossible value (Feb 30, 25:00)
/// stops the search with that failure, so the rep hears what is wrong rather than "couldn't read".
/// </summary>
internal ref struct DueGrammar
{
    private readonly ReadOnlySpan<DueToken> tokens;
    private readonly ReadOnlySpan<char> text;
    private readonly DateOrder order;
    private int end;
    private int pos;
    private bool counting;
    private DueFailure failure;

    /// <param name="tokens">The phrase's tokens.</param>
    /// <param name="text">The folded phrase the tokens point into (IANA zone names are read from it).</param>
    /// <param name="order">How numeric dates are read.</param>
    public DueGrammar(ReadOnlySpan<DueToken> tokens, ReadOnlySpan<char> text, DateOrder order)
    {
        this.tokens = tokens;
        this.text = text;
        this.order = order;
        end = tokens.Length;
        pos = 0;
        counting = false;
        failure = default;
    }

    private enum Unit : byte
    {
        None,
        Minute,
        Hour,
        Day,
        Week,
        Fortnight,
        Month,
        WorkingDay,
    }

    /// <summary>Why the phrase was not read (set when <see cref="TryParse"/> returns false).</summary>
    public readonly DueFailure Failure => failure;

    private readonly bool Failed => failure.Problem != DueProblem.None;

    public bool TryParse(out DueSpec spec)
    {
        spec = default;
        while (end > 0 && tokens[end - 1].Kind == DueTokenKind.Symbol && tokens[end - 1].Symbol is '.' or '!' or '?' or ',' or ';')
        {
            end--;
        }

        var cue = TimeCue.None;
        while (pos < end)
        {
            if (AcceptWord(DueWord.At) || AcceptSymbol('@'))
            {
                cue = TimeCue.Explicit;
            }
            else if (!AcceptWord(DueWord.By) && !AcceptWord(DueWord.On) && !AcceptWord(DueWord.Due))
            {
                break;
            }
        }

        if (pos == end)
        {
            return Fail(DueProblem.Unreadable);
        }

        var start = pos;
        var stray = -1;
        for (var form = 0; form < 4; form++)
        {
            pos = start;
            spec = default;
            var matched = form switch
            {
                0 => TryRelative(ref spec),
                1 => TryEnd(ref spec),
                2 => TryDateThenTime(ref spec),
                _ => TryTimeThenDate(cue, ref spec),
            };
            if (!Failed && matched && pos < end && spec.Zone is null)
            {
                // "Friday ET", "EOD PT" (a zone right after a time was read with the time).
                TryZone(ref spec);
            }

            if (Failed)
            {
                return false;
            }

            if (!matched)
            {
                continue;
            }

            if (pos == end)
            {
                return spec.Zone is null || ZoneFits(spec) || Fail(DueProblem.ZoneWithoutTime);
            }

            // Words after a time can only be a zone: remember the furthest such spot, to name what was written.
            if (spec.Clock != DueClockKind.None && tokens[pos].Kind == DueTokenKind.Word && pos > stray)
            {
                stray = pos;
            }
        }

        if (stray >= 0)
        {
            return FailNaming(DueProblem.UnknownZone, stray, end);
        }

        for (var i = start; i < end; i++)
        {
            if (tokens[i].Kind == DueTokenKind.Word && tokens[i].Word == DueWord.Vague)
            {
                return Fail(DueProblem.Vague);
            }
        }

        return Fail(DueProblem.Unreadable);
    }

    /// <summary>A zone reads the time of day on its clock, so it needs one: not "in 3 hours ET".</summary>
    private static bool ZoneFits(in DueSpec spec) => spec.Date switch
    {
        DueDateKind.Duration => false,
        DueDateKind.CalendarDays or DueDateKind.Months or DueDateKind.WorkingDays => spec.Clock != DueClockKind.None,
        _ => true,
    };

    // ---- zones: "ET", "Pacific time", "CEST", "America/Chicago", "UTC+5:30", "GMT-3"

    private bool TryZone(ref DueSpec spec)
    {
        if (pos >= end || tokens[pos].Kind != DueTokenKind.Word)
        {
            return false;
        }

        var first = pos;
        if (tokens[pos].Word == DueWord.Zone)
        {
            var index = tokens[pos].Value;
            pos++;
            if (index == ZoneNames.UtcIndex && (IsSymbol('+') || IsSymbol('-')) && IsAdjacent(0) && IsNumber(1) && IsAdjacent(1))
            {
                return TryFixedOffset(first, ref spec);
            }

            if (IsAdjacent(0))
            {
                // "Eastern-ish", "ETA": not a zone on its own.
                pos = first;
                return false;
            }

            spec.Zone = ZoneNames.FromTable(index);

            // "Pacific time", "Eastern Standard Time"
            if ((IsWord(DueWord.Standard) || IsWord(DueWord.Daylight)) && IsWord(DueWord.Time, 1))
            {
                pos += 2;
            }
            else
            {
                AcceptWord(DueWord.Time);
            }

            return true;
        }

        // An IANA name: the run of characters up to the next space, holding a '/'.
        if (!IsSymbol('/', 1) || !IsAdjacent(1))
        {
            return false;
        }

        var last = pos + 1;
        while (last + 1 < end && !tokens[last + 1].SpaceBefore)
        {
            last++;
        }

        if (!ZoneNames.TryFindIana(text[tokens[first].Start..(tokens[last].Start + tokens[last].Length)], out var zone))
        {
            return false;
        }

        spec.Zone = zone;
        pos = last + 1;
        return true;
    }

    /// <summary>"UTC+5:30", "GMT-3", "UTC+10", "UTC+0530": the sign and number after the zone word at <paramref name="first"/>.</summary>
    private bool TryFixedOffset(int first, ref DueSpec spec)
    {
        var sign = tokens[pos].Symbol == '-' ? -1 : 1;
        var number = tokens[pos + 1];
        pos += 2;
        int hours;
        var minutes = 0;
        if (number.Digits <= 2)
        {
            hours = number.Value;
            if (IsSymbol(':') && IsAdjacent(0) && IsNumber(1) && IsAdjacent(1) && tokens[pos + 1].Digits == 2)
            {
                minutes = tokens[pos + 1].Value;
                pos += 2;
            }
        }
        else if (number.Digits <= 4)
        {
            hours = number.Value / 100;
            minutes = number.Value % 100;
        }
        else
        {
            return FailNaming(DueProblem.UnknownZone, first, pos);
        }

        if (hours > ZoneNames.MaxOffsetHours || minutes > 59 || !ZoneNames.TryFixed(sign * ((hours * 60) + minutes), out var zone))
        {
            return FailNaming(DueProblem.UnknownZone, first, pos);
        }

        spec.Zone = zone;
        return true;
    }

    // ---- relative offsets: "in 3 hours", "in 2 business days at noon", "2h30m", "a week from now"

    private bool TryRelative(ref DueSpec spec)
    {
        if (!AcceptWord(DueWord.In))
        {
            AcceptWord(DueWord.Within);
        }

        long ticks = 0;
        long days = 0;
        var first = Unit.None;
        var terms = 0;
        while (pos < end)
        {
            var save = pos;
            if (terms > 0 && !AcceptWord(DueWord.And))
            {
                AcceptSymbol(',');
            }

            if (!TryQuantity(out var thousandths) || !TryUnit(out var unit))
            {
                pos = save;
                break;
            }

            if (IsWord(DueWord.And) && (IsWord(DueWord.A, 1) || IsWord(DueWord.An, 1)) && IsWord(DueWord.Half, 2))
            {
                pos += 3;
                thousandths += 500;
            }

            if (terms > 0 && (Group(unit) != Group(first) || unit is Unit.Month or Unit.WorkingDay))
            {
                pos = save;
                break;
            }

            if (thousandths / 1000 > Limit(unit))
            {
                return Fail(DueProblem.TooFar);
            }

            if (unit is Unit.Minute or Unit.Hour)
            {
                ticks += thousandths * ((unit == Unit.Minute ? TimeSpan.TicksPerMinute : TimeSpan.TicksPerHour) / 1000);
            }
            else if (thousandths % 1000 != 0)
            {
                // "in 1.5 days" has no calendar meaning.
                return false;
            }
            else
            {
                days += thousandths / 1000 * (unit switch { Unit.Week => 7, Unit.Fortnight => 14, _ => 1 });
            }

            if (terms == 0)
            {
                first = unit;
            }

            terms++;
        }

        if (terms == 0)
        {
            return false;
        }

        // "in 2 days' time", "2 days from now", "3 hours later"
        if (IsSymbol('\'') && IsWord(DueWord.Time, 1))
        {
            pos += 2;
        }
        else
        {
            AcceptWord(DueWord.Time);
        }

        if (AcceptWord(DueWord.From))
        {
            if (!AcceptWord(DueWord.Now))
            {
                return false;
            }
        }
        else if (!AcceptWord(DueWord.Later))
        {
            AcceptWord(DueWord.Hence);
        }

        switch (Group(first))
        {
            case Unit.Minute:
                if (ticks > Limit(Unit.Minute) * TimeSpan.TicksPerMinute)
                {
                    return Fail(DueProblem.TooFar);
                }

                spec.Date = DueDateKind.Duration;
                spec.DurationTicks = ticks;
                return true;
            case Unit.Month:
                spec.Date = DueDateKind.Months;
                break;
            case Unit.WorkingDay:
                spec.Date = DueDateKind.WorkingDays;
                break;
            default:
                if (days > Limit(Unit.Day))
                {
                    return Fail(DueProblem.TooFar);
                }

                spec.Date = DueDateKind.CalendarDays;
                break;
        }

        spec.Amount = (int)days;
        var afterOffset = pos;
        var cue = AcceptTimeConnector();
        if (TryTime(cue, ref spec))
        {
            return true;
        }

        if (Failed)
        {
            return false;
        }

        if (TryEodPhrase())
        {
            spec.Clock = DueClockKind.EndOfWorkingDay;
            return true;
        }

        pos = afterOffset;
        return true;
    }

    private static Unit Group(Unit unit) => unit switch
    {
        Unit.Minute or Unit.Hour => Unit.Minute,
        Unit.Day or Unit.Week or Unit.Fortnight => Unit.Day,
        _ => unit,
    };

    // About a century ahead in each unit: far beyond any promise, well inside NodaTime's range.
    private static long Limit(Unit unit) => unit switch
    {
        Unit.Minute => 52_600_000,
        Unit.Hour => 876_600,
        Unit.Day => 36_600,
        Unit.Week => 5_220,
        Unit.Fortnight => 2_610,
        Unit.Month => 1_200,
        _ => 26_100,
    };

    private bool TryQuantity(out long thousandths)
    {
        thousandths = 0;
        if (pos >= end)
        {
            return false;
        }

        var token = tokens[pos];
        if (token.Kind == DueTokenKind.Number)
        {
            thousandths = token.Value * 1000L;
            pos++;
            if (IsSymbol('.') && IsAdjacent(0) && IsNumber(1) && IsAdjacent(1) && tokens[pos + 1].Digits <= 3)
            {
                var fraction = tokens[pos + 1];
                thousandths += fraction.Digits switch { 1 => fraction.Value * 100, 2 => fraction.Value * 10, _ => fraction.Value };
                pos += 2;
            }

            return true;
        }

        switch (WordAt(0))
        {
            case DueWord.A or DueWord.An:
                // "a week", "a couple of days", "a half hour"
                pos++;
                thousandths = AcceptWord(DueWord.Half) ? 500 : 1000;
                if (thousandths == 1000 && AcceptWord(DueWord.Couple))
                {
                    AcceptWord(DueWord.Of);
                    thousandths = 2000;
                }

                return true;
            case DueWord.Couple:
                // "couple of hours"
                pos++;
                AcceptWord(DueWord.Of);
                thousandths = 2000;
                return true;
            case >= DueWord.One and <= DueWord.Twelve:
                thousandths = (WordAt(0) - DueWord.One + 1) * 1000L;
                pos++;
                return true;
            case DueWord.Half:
                pos++;
                if (!AcceptWord(DueWord.A))
                {
                    AcceptWord(DueWord.An);
                }

                thousandths = 500;
                return true;
            default:
                return false;
        }
    }

    private bool TryUnit(out Unit unit)
    {
        unit = WordAt(0) switch
        {
            DueWord.Minute or DueWord.M => Unit.Minute,
            DueWord.Hour => Unit.Hour,
            DueWord.Day => Unit.Day,
            DueWord.Week => Unit.Week,
            DueWord.Fortnight => Unit.Fortnight,
            DueWord.Month => Unit.Month,
            DueWord.Workday => Unit.WorkingDay,
            _ => Unit.None,
        };
        if (unit != Unit.None)
        {
            pos++;
            return true;
        }

        if ((IsWord(DueWord.Business) || IsWord(DueWord.Working) || IsWord(DueWord.Work)) && IsWord(DueWord.Day, 1))
        {
            pos += 2;
            unit = Unit.WorkingDay;
            return true;
        }

        return false;
    }

    // ---- end of a period: "EOD", "end of the week", "EOM", "end of next month", "EOD Friday", "end of December"

    private bool TryEnd(ref DueSpec spec)
    {
        var start = pos;
        if (TryEodPhrase())
        {
            var afterEod = pos;
            AcceptSymbol(',');
            AcceptWord(DueWord.On);
            if (TryDate(ref spec))
            {
                spec.Clock = DueClockKind.EndOfWorkingDay;
                return true;
            }

            if (Failed)
            {
                return false;
            }

            pos = afterEod;
            spec = default;
            spec.Date = DueDateKind.EndOfDay;
            return true;
        }

        AcceptWord(DueWord.The);
        var ahead = 0;
        DueDateKind kind;
        var weeks = TryWeeksAhead();
        if (weeks >= 0)
        {
            // "this week" is EOW; "next week", "the week after next": the end of that week's last working day.
            spec.Date = DueDateKind.EndOfWeek;
            spec.Amount = weeks;
            return true;
        }

        if (AcceptWord(DueWord.Eow))
        {
            kind = DueDateKind.EndOfWeek;
        }
        else if (AcceptWord(DueWord.Eom))
        {
            kind = DueDateKind.EndOfMonth;
        }
        else if (AcceptWord(DueWord.Eoq))
        {
            kind = DueDateKind.EndOfQuarter;
        }
        else if (AcceptWord(DueWord.Eoy))
        {
            kind = DueDateKind.EndOfYear;
        }
        else
        {
            if (!AcceptWord(DueWord.End) || !AcceptWord(DueWord.Of))
            {
                pos = start;
                return false;
            }

            var afterOf = pos;
            AcceptWord(DueWord.The);
            if (IsWord(DueWord.Week) && IsWord(DueWord.After, 1) && IsWord(DueWord.Next, 2))
            {
                pos += 3;
                spec.Date = DueDateKind.EndOfWeek;
                spec.Amount = 2;
                return true;
            }

            if (AcceptWord(DueWord.Next))
            {
                ahead = 1;
            }
            else
            {
                AcceptWord(DueWord.This);
            }

            if ((AcceptWord(DueWord.Business) || AcceptWord(DueWord.Working) || AcceptWord(DueWord.Work)) && !IsWord(DueWord.Week))
            {
                pos = start;
                return false;
            }

            if (AcceptWord(DueWord.Week))
            {
                kind = DueDateKind.EndOfWeek;
            }
            else if (AcceptWord(DueWord.Month))
            {
                kind = DueDateKind.EndOfMonth;
            }
            else if (AcceptWord(DueWord.Quarter))
            {
                kind = DueDateKind.EndOfQuarter;
            }
            else if (AcceptWord(DueWord.Year))
            {
                kind = DueDateKind.EndOfYear;
            }
            else
            {
                // "end of Friday", "end of tomorrow", "end of Dec 5"; else "end of December [2026]".
                pos = afterOf;
                if (TryDate(ref spec))
                {
                    spec.Clock = DueClockKind.EndOfWorkingDay;
                    return true;
                }

                var month = MonthAt(0);
                if (Failed || month == 0)
                {
                    pos = start;
                    return false;
                }

                pos++;
                AcceptAbbreviationDot();
                var year = TryYear();
                if (year == 0)
                {
                    return Fail(DueProblem.Passed);
                }

                spec.Date = DueDateKind.EndOfMonth;
                spec.Month = month;
                spec.Year = Math.Max(year, 0);
                return true;
            }
        }

        spec.Date = kind;
        spec.Amount = ahead;
        return true;
    }

    /// <summary>"EOD", "COB", "end of (the) (working|business) day", "end of business", "close of business|play".</summary>
    private bool TryEodPhrase()
    {
        var start = pos;
        AcceptWord(DueWord.The);
        if (AcceptWord(DueWord.Eod))
        {
            return true;
        }

        if (AcceptWord(DueWord.End))
        {
            if (AcceptWord(DueWord.Of))
            {
                AcceptWord(DueWord.The);
                if (AcceptWord(DueWord.Day) || AcceptWord(DueWord.Workday))
                {
                    return true;
                }

                if (AcceptWord(DueWord.Business))
                {
                    AcceptWord(DueWord.Day);
                    return true;
                }

                if ((AcceptWord(DueWord.Working) || AcceptWord(DueWord.Work)) && AcceptWord(DueWord.Day))
                {
                    return true;
                }
            }
        }
        else if (AcceptWord(DueWord.Close) && AcceptWord(DueWord.Of)
            && (AcceptWord(DueWord.Business) || AcceptWord(DueWord.Play) || AcceptWord(DueWord.Day)))
        {
            return true;
        }

        pos = start;
        return false;
    }

    /// <summary>"this week" 0, "next week" 1, "(the) week after next" 2; -1 (and nothing read) otherwise.</summary>
    private int TryWeeksAhead()
    {
        if (WordAt(0) is not (DueWord.Week or DueWord.The or DueWord.This or DueWord.Next))
        {
            return -1;
        }

        if (IsWord(DueWord.Week))
        {
            if (IsWord(DueWord.After, 1) && IsWord(DueWord.Next, 2))
            {
                pos += 3;
                return 2;
            }

            return -1;
        }

        if (IsWord(DueWord.The) && IsWord(DueWord.Week, 1) && IsWord(DueWord.After, 2) && IsWord(DueWord.Next, 3))
        {
            pos += 4;
            return 2;
        }

        if ((IsWord(DueWord.This) || IsWord(DueWord.Next)) && IsWord(DueWord.Week, 1))
        {
            pos += 2;
            return tokens[pos - 2].Word == DueWord.Next ? 1 : 0;
        }

        return -1;
    }

    // ---- a date, then maybe a time: "Friday 3pm", "tomorrow at noon", "Dec 5 at 9am", "2026-12-05T15:00"

    private bool TryDateThenTime(ref DueSpec spec)
    {
        if (!TryDate(ref spec))
        {
            return false;
        }

        var afterDate = pos;
        var cue = AcceptTimeConnector();
        if (pos == afterDate && IsWord(DueWord.T) && IsAdjacent(0))
        {
            pos++;
        }

        if (TryTime(cue, ref spec))
        {
            return true;
        }

        if (Failed)
        {
            return false;
        }

        if (TryEodPhrase())
        {
            spec.Clock = DueClockKind.EndOfWorkingDay;
            return true;
        }

        pos = afterDate;
        return true;
    }

    // ---- a time, then maybe a date: "3pm", "noon tomorrow", "9am on Dec 5"

    private bool TryTimeThenDate(TimeCue cue, ref DueSpec spec)
    {
        if (!TryTime(cue, ref spec))
        {
            return false;
        }

        var afterTime = pos;
        AcceptSymbol(',');
        AcceptWord(DueWord.On);
        if (TryDate(ref spec))
        {
            return true;
        }

        if (Failed)
        {
            return false;
        }

        pos = afterTime;
        return true;
    }

    /// <summary>", at", "at", "@", "by" between a date and a time; says how sure a bare number is a time.</summary>
    private TimeCue AcceptTimeConnector()
    {
        AcceptSymbol(',');
        if (AcceptWord(DueWord.At) || AcceptSymbol('@'))
        {
            return TimeCue.Explicit;
        }

        AcceptWord(DueWord.By);
        return TimeCue.Implied;
    }

    // ---- dates (sets only the date fields of the spec)

    private bool TryDate(ref DueSpec spec)
    {
        if (pos >= end)
        {
            return false;
        }

        // "3 days from …", "a week from …", "a couple of days from …": "from" is two to four tokens on.
        if (!counting && (IsWord(DueWord.From, 2) || IsWord(DueWord.From, 3) || IsWord(DueWord.From, 4)))
        {
            if (TryCountFrom(ref spec))
            {
                return true;
            }

            if (Failed)
            {
                return false;
            }
        }

        var kind = WordAt(0) switch
        {
            DueWord.Today => DueDateKind.Today,
            DueWord.Tonight => DueDateKind.Tonight,
            DueWord.Tomorrow => DueDateKind.Tomorrow,
            DueWord.Yesterday => DueDateKind.Yesterday,
            _ => DueDateKind.None,
        };
        var length = 1;
        if (kind == DueDateKind.None)
        {
            var skip = IsWord(DueWord.The) ? 1 : 0;
            if (IsWord(DueWord.Day, skip) && IsWord(DueWord.After, skip + 1) && IsWord(DueWord.Tomorrow, skip + 2))
            {
                kind = DueDateKind.DayAfterTomorrow;
                length = skip + 3;
            }
            else if (IsWord(DueWord.Next) && IsWord(DueWord.Workday, 1))
            {
                kind = DueDateKind.NextWorkingDay;
                length = 2;
            }
            else if (IsWord(DueWord.Next) && (IsWord(DueWord.Business, 1) || IsWord(DueWord.Working, 1) || IsWord(DueWord.Work, 1)) && IsWord(DueWord.Day, 2))
            {
                kind = DueDateKind.NextWorkingDay;
                length = 3;
            }
        }

        if (kind != DueDateKind.None)
        {
            pos += length;
            spec.Date = kind;
            return true;
        }

        if (TryWeekday(ref spec))
        {
            return true;
        }

        return !Failed && TryAbsolute(ref spec);
    }

    /// <summary>"a week from Friday", "two weeks from today", "3 days from Dec 5": a day, counted on.</summary>
    private bool TryCountFrom(ref DueSpec spec)
    {
        var start = pos;
        if (!TryQuantity(out var thousandths) || thousandths % 1000 != 0)
        {
            pos = start;
            return false;
        }

        var unit = WordAt(0) switch { DueWord.Day => 1, DueWord.Week => 7, DueWord.Fortnight => 14, _ => 0 };
        if (unit == 0 || !IsWord(DueWord.From, 1) || IsWord(DueWord.Now, 2))
        {
            // "3 days from now" is an offset from this instant, read by the relative form.
            pos = start;
            return false;
        }

        pos += 2;
        var days = thousandths / 1000 * unit;
        counting = true;
        var found = TryDate(ref spec);
        counting = false;
        if (!found)
        {
            if (!Failed)
            {
                pos = start;
            }

            return false;
        }

        if (days > Limit(Unit.Day))
        {
            return Fail(DueProblem.TooFar);
        }

        spec.PlusDays = (int)days;
        return true;
    }

    /// <summary>
    /// "Friday", "this Fri", "next Tuesday", "Tuesday next week", "next week Tuesday", "Friday the week after next",
    /// and "Friday, Dec 5" (checked to be a Friday).
    /// </summary>
    private bool TryWeekday(ref DueSpec spec)
    {
        var start = pos;
        var weeksAhead = 0;
        if (IsWord(DueWord.Last) && WordAt(1) is >= DueWord.Monday and <= DueWord.Sunday)
        {
            // "last Friday" can only be behind us.
            return Fail(DueProblem.Passed);
        }

        if (AcceptWord(DueWord.This))
        {
            AcceptWord(DueWord.Coming);
        }
        else if (IsWord(DueWord.Next) && IsWord(DueWord.Week, 1))
        {
            pos += 2;
            AcceptWord(DueWord.On);
            weeksAhead = 1;
        }
        else if (AcceptWord(DueWord.Next))
        {
            weeksAhead = 1;
        }
        else
        {
            AcceptWord(DueWord.Coming);
        }

        var word = WordAt(0);
        if (word is < DueWord.Monday or > DueWord.Sunday)
        {
            pos = start;
            return false;
        }

        pos++;
        var weekday = word - DueWord.Monday + 1;
        var afterDay = pos;
        AcceptSymbol(',');
        if (TryAbsolute(ref spec))
        {
            spec.Weekday = weekday;
            return true;
        }

        if (Failed)
        {
            return false;
        }

        pos = afterDay;
        if (weeksAhead == 0)
        {
            // "Friday next week", "Friday of the week after next"
            var beforeWeek = pos;
            AcceptWord(DueWord.Of);
            weeksAhead = TryWeeksAhead();
            if (weeksAhead <= 0)
            {
                pos = beforeWeek;
                weeksAhead = 0;
            }
        }

        spec.Date = DueDateKind.Weekday;
        spec.Weekday = weekday;
        spec.WeeksAhead = weeksAhead;
        return true;
    }

    /// <summary>"2026-12-05", "12/5", "12/5/2026", "Dec 5", "December 5th, 2026", "5 Dec", "5th of December", "the 15th".</summary>
    private bool TryAbsolute(ref DueSpec spec)
    {
        var start = pos;
        var hadThe = AcceptWord(DueWord.The);
        if (IsNumber(0))
        {
            var first = tokens[pos];
            if (!hadThe && first.Digits == 4 && IsDateSeparator(1, out var isoSeparator)
                && IsNumber(2) && IsAdjacent(2) && tokens[pos + 2].Digits <= 2
                && IsSymbol(isoSeparator, 3) && IsAdjacent(3)
                && IsNumber(4) && IsAdjacent(4) && tokens[pos + 4].Digits <= 2)
            {
                pos += 5;
                return SetDate(ref spec, first.Value, tokens[pos - 3].Value, tokens[pos - 1].Value, numeric: false);
            }

            if (!hadThe && first.Digits <= 2 && IsDateSeparator(1, out var separator)
                && IsNumber(2) && IsAdjacent(2) && tokens[pos + 2].Digits <= 2)
            {
                var a = first.Value;
                var b = tokens[pos + 2].Value;
                var year = -1;
                if (IsSymbol(separator, 3) && IsAdjacent(3) && IsNumber(4) && IsAdjacent(4) && tokens[pos + 4].Digits is 2 or 4)
                {
                    year = tokens[pos + 4].Digits == 2 ? 2000 + tokens[pos + 4].Value : tokens[pos + 4].Value;
                    pos += 5;
                }
                else if (separator == '.')
                {
                    // "9.30" is a time, not a date.
                    pos = start;
                    return false;
                }
                else
                {
                    pos += 3;
                }

                return order == DateOrder.DMY
                    ? SetDate(ref spec, year, b, a, numeric: true)
                    : SetDate(ref spec, year, a, b, numeric: true);
            }

            if (first.Digits <= 2)
            {
                pos++;
                var ordinal = IsWord(DueWord.Ordinal) && IsAdjacent(0);
                if (ordinal)
                {
                    pos++;
                }

                var afterDay = pos;
                AcceptWord(DueWord.Of);
                var month = MonthAt(0);
                if (month != 0)
                {
                    pos++;
                    AcceptAbbreviationDot();
                    return SetDate(ref spec, TryYear(), month, first.Value, numeric: false);
                }

                pos = afterDay;
                if (ordinal || hadThe)
                {
                    if (first.Value is < 1 or > 31)
                    {
                        return Fail(DueProblem.NoSuchDayOfMonth, first.Value);
                    }

                    spec.Date = DueDateKind.DayOfMonth;
                    spec.Day = first.Value;
                    return true;
                }
            }

            pos = start;
            return false;
        }

        var named = MonthAt(0);
        if (named != 0 && !hadThe)
        {
            pos++;
            AcceptAbbreviationDot();
            AcceptWord(DueWord.The);
            if (IsNumber(0) && tokens[pos].Digits <= 2)
            {
                var day = tokens[pos].Value;
                pos++;
                if (IsWord(DueWord.Ordinal) && IsAdjacent(0))
                {
                    pos++;
                }

                return SetDate(ref spec, TryYear(), named, day, numeric: false);
            }
        }

        pos = start;
        return false;
    }

    /// <summary>Checks and stores a day and month (and year; -1 when none was written).</summary>
    private bool SetDate(ref DueSpec spec, int year, int month, int day, bool numeric)
    {
        if (month is < 1 or > 12)
        {
            return Fail(DueProblem.NoSuchMonth, month, numeric ? (order == DateOrder.DMY ? 2 : 1) : 0);
        }

        var most = month == 2 ? 29 : CalendarSystem.Iso.GetDaysInMonth(2000, month);
        if (day < 1 || day > most)
        {
            return Fail(DueProblem.NoSuchDay, day, month);
        }

        if (year > 0 && day > CalendarSystem.Iso.GetDaysInMonth(year, month))
        {
            return Fail(DueProblem.NoSuchDayInYear, day, month, year);
        }

        if (year == 0)
        {
            // Year 0 is long gone; 0 also marks "no year" in the spec.
            return Fail(DueProblem.Passed);
        }

        spec.Date = DueDateKind.Date;
        spec.Year = Math.Max(year, 0);
        spec.Month = month;
        spec.Day = day;
        return true;
    }

    /// <summary>An optional four-digit year after a day and month ("Dec 5, 2026"); -1 when none.</summary>
    private int TryYear()
    {
        var start = pos;
        AcceptSymbol(',');
        if (IsNumber(0) && tokens[pos].Digits == 4 && !IsSymbol(':', 1) && !IsSymbol('.', 1) && !IsMeridiemAhead(1))
        {
            pos++;
            return tokens[pos - 1].Value;
        }

        pos = start;
        return -1;
    }

    private readonly bool IsMeridiemAhead(int ahead)
    {
        var word = WordAt(ahead);
        return word is DueWord.Am or DueWord.Pm || (word is DueWord.A or DueWord.P && IsAdjacent(ahead));
    }

    private readonly bool IsDateSeparator(int ahead, out char separator)
    {
        separator = '\0';
        var at = pos + ahead;
        if (at >= end || tokens[at].Kind != DueTokenKind.Symbol || tokens[at].SpaceBefore || tokens[at].Symbol is not ('/' or '-' or '.'))
        {
            return false;
        }

        separator = tokens[at].Symbol;
        return true;
    }

    private void AcceptAbbreviationDot()
    {
        if (IsSymbol('.') && IsAdjacent(0))
        {
            pos++;
        }
    }

    private readonly int MonthAt(int ahead)
    {
        var word = WordAt(ahead);
        return word is >= DueWord.January and <= DueWord.December ? word - DueWord.January + 1 : 0;
    }

    // ---- times (sets only the clock fields of the spec)

    /// <summary>A time of day or a part of the day, and the zone it is read in if one follows ("3pm ET").</summary>
    private bool TryTime(TimeCue cue, ref DueSpec spec)
    {
        if (!TryPartOfDay(ref spec) && !TryClock(cue, ref spec))
        {
            return false;
        }

        if (pos < end && spec.Zone is null)
        {
            TryZone(ref spec);
        }

        return !Failed;
    }

    /// <summary>
    /// "morning" (ends 12:00), "afternoon" (17:00), "evening"/"night" (20:00), with "this", "the" or "in the"
    /// before them, and "first thing" (the start of the working day): a due is the latest moment that still serves.
    /// </summary>
    private bool TryPartOfDay(ref DueSpec spec)
    {
        if (WordAt(0) is not (DueWord.First or DueWord.This or DueWord.The or DueWord.In or DueWord.Morning or DueWord.Afternoon or DueWord.Evening or DueWord.Night))
        {
            return false;
        }

        if (IsWord(DueWord.First) && IsWord(DueWord.Thing, 1))
        {
            pos += 2;
            if (IsWord(DueWord.In) && IsWord(DueWord.The, 1) && IsWord(DueWord.Morning, 2))
            {
                pos += 3;
            }

            spec.Clock = DueClockKind.StartOfWorkingDay;
            spec.PartOfDay = true;
            return true;
        }

        var skip = IsWord(DueWord.This) || IsWord(DueWord.The) ? 1 : IsWord(DueWord.In) && IsWord(DueWord.The, 1) ? 2 : 0;
        var hour = WordAt(skip) switch
        {
            DueWord.Morning => 12,
            DueWord.Afternoon => 17,
            DueWord.Evening or DueWord.Night => 20,
            _ => 0,
        };
        if (hour == 0)
        {
            return false;
        }

        pos += skip + 1;
        spec.PartOfDay = true;
        return SetClock(ref spec, hour, 0, 0, DueClockKind.Exact);
    }

    /// <summary>"3pm", "3 p.m.", "9:30am", "15:00", "noon", "midnight", "12 noon", "at 5", "930am", "at 1530", "5 o'clock", "five pm".</summary>
    private bool TryClock(TimeCue cue, ref DueSpec spec)
    {
        var start = pos;
        if (AcceptWord(DueWord.Noon))
        {
            return SetClock(ref spec, 12, 0, 0, DueClockKind.Exact);
        }

        if (AcceptWord(DueWord.Midnight))
        {
            return SetClock(ref spec, 24, 0, 0, DueClockKind.Exact);
        }

        if (WordAt(0) is >= DueWord.One and <= DueWord.Twelve)
        {
            // "five pm", "at five", "three o'clock"
            var wordHour = WordAt(0) - DueWord.One + 1;
            pos++;
            var wordMeridiem = TryMeridiem();
            if (wordMeridiem != 0)
            {
                return SetClock(ref spec, (wordHour % 12) + (wordMeridiem == 2 ? 12 : 0), 0, 0, DueClockKind.Exact);
            }

            if (AcceptOClock() || cue == TimeCue.Explicit)
            {
                return SetClock(ref spec, wordHour, 0, 0, DueClockKind.Flexible);
            }

            pos = start;
            return false;
        }

        if (!IsNumber(0) || tokens[pos].Digits > 4)
        {
            return false;
        }

        var first = tokens[pos];
        pos++;
        int hour;
        var minute = 0;
        var second = 0;
        var hasMinutes = false;
        var compact = false;
        if (first.Digits <= 2 && (IsSymbol(':') || IsSymbol('.')) && IsAdjacent(0) && IsNumber(1) && IsAdjacent(1) && tokens[pos + 1].Digits == 2)
        {
            var colon = tokens[pos].Symbol == ':';
            hour = first.Value;
            minute = tokens[pos + 1].Value;
            hasMinutes = true;
            pos += 2;
            if (colon && IsSymbol(':') && IsAdjacent(0) && IsNumber(1) && IsAdjacent(1) && tokens[pos + 1].Digits == 2)
            {
                second = tokens[pos + 1].Value;
                pos += 2;
            }
        }
        else if (first.Digits >= 3)
        {
            hour = first.Value / 100;
            minute = first.Value % 100;
            hasMinutes = true;
            compact = true;
        }
        else
        {
            hour = first.Value;
        }

        if (!hasMinutes && hour == 12)
        {
            if (AcceptWord(DueWord.Noon))
            {
                return SetClock(ref spec, 12, 0, 0, DueClockKind.Exact);
            }

            if (AcceptWord(DueWord.Midnight))
            {
                return SetClock(ref spec, 24, 0, 0, DueClockKind.Exact);
            }
        }

        var meridiem = TryMeridiem();
        if (meridiem != 0)
        {
            if (hour is < 1 or > 12 || minute > 59 || second > 59)
            {
                return Fail(DueProblem.NoSuchMeridiemTime, hour, minute, hasMinutes ? 1 : 0, meridiem);
            }

            return SetClock(ref spec, (hour % 12) + (meridiem == 2 ? 12 : 0), minute, second, DueClockKind.Exact);
        }

        // "1530" is a time only after "at" (after a date it is more likely a year).
        if (compact && cue != TimeCue.Explicit)
        {
            pos = start;
            return false;
        }

        var oclock = AcceptOClock();
        if (!hasMinutes && !oclock && cue == TimeCue.None)
        {
            pos = start;
            return false;
        }

        if (hour > 24 || minute > 59 || second > 59 || (hour == 24 && minute + second > 0))
        {
            return Fail(DueProblem.NoSuchClockTime, hour, minute);
        }

        // A leading zero ("09:30") or an hour outside 1–12 is a 24-hour clock; "3:30" could be either half.
        var exact = hour is 0 or >= 13 || first.LeadingZero;
        return SetClock(ref spec, hour, minute, second, exact ? DueClockKind.Exact : DueClockKind.Flexible);
    }

    /// <summary>"am", "pm", "a.m.", "p.m", or "a"/"p" written against the number; 0 none, 1 am, 2 pm.</summary>
    private int TryMeridiem()
    {
        var word = WordAt(0);
        if (word is DueWord.Am or DueWord.Pm)
        {
            pos++;
            return word == DueWord.Am ? 1 : 2;
        }

        if (word is DueWord.A or DueWord.P)
        {
            var which = word == DueWord.A ? 1 : 2;
            if (IsSymbol('.', 1) && IsAdjacent(1) && IsWord(DueWord.M, 2) && IsAdjacent(2))
            {
                pos += 3;
                AcceptAbbreviationDot();
                return which;
            }

            if (IsAdjacent(0))
            {
                pos++;
                return which;
            }
        }

        return 0;
    }

    private bool AcceptOClock()
    {
        if (AcceptWord(DueWord.OClock))
        {
            return true;
        }

        if (IsWord(DueWord.O) && IsSymbol('\'', 1) && IsWord(DueWord.Clock, 2))
        {
            pos += 3;
            return true;
        }

        return false;
    }

    private static bool SetClock(ref DueSpec spec, int hour, int minute, int second, DueClockKind kind)
    {
        spec.Clock = kind;
        spec.Hour = hour;
        spec.Minute = minute;
        spec.Second = second;
        return true;
    }

    // ---- token tests

    private bool Fail(DueProblem problem, int a = 0, int b = 0, int c = 0, int d = 0)
    {
        failure = DueFailure.Of(problem, a, b, c, d);
        return false;
    }

    /// <summary>Fails naming the text of tokens [<paramref name="from"/>, <paramref name="to"/>): its start and length.</summary>
    private bool FailNaming(DueProblem problem, int from, int to)
    {
        var first = tokens[from];
        var last = tokens[Math.Max(from, to - 1)];
        return Fail(problem, first.Start, last.Start + last.Length - first.Start);
    }

    // Numbers and symbols carry DueWord.Unknown (the lexer leaves it so), which no caller asks for: the word
    // alone says what a token is, one comparison fewer on the hot path.
    private readonly DueWord WordAt(int ahead)
    {
        var at = pos + ahead;
        return at < end ? tokens[at].Word : DueWord.Unknown;
    }

    private readonly bool IsWord(DueWord word, int ahead = 0)
    {
        var at = pos + ahead;
        return at < end && tokens[at].Word == word;
    }

    private readonly bool IsSymbol(char symbol, int ahead = 0)
    {
        var at = pos + ahead;
        return at < end && tokens[at].Kind == DueTokenKind.Symbol && tokens[at].Symbol == symbol;
    }

    private readonly bool IsNumber(int ahead = 0)
    {
        var at = pos + ahead;
        return at < end && tokens[at].Kind == DueTokenKind.Number;
    }

    private readonly bool IsAdjacent(int ahead)
    {
        var at = pos + ahead;
        return at < end && !tokens[at].SpaceBefore;
    }

    private bool AcceptWord(DueWord word)
    {
        if (!IsWord(word))
        {
            return false;
        }

        pos++;
        return true;
    }

    private bool AcceptSymbol(char symbol)
    {
        if (!IsSymbol(symbol))
        {
            return false;
        }

        pos++;
        return true;
    }
}
