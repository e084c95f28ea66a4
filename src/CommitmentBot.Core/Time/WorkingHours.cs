using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CommitmentBot.Core.Time;

/// <summary>
/// A person's working week: the working days and the daily window, read in their time zone.
/// The default is Mon–Fri 08:00–18:00; "end of working day" is <see cref="End"/>.
/// </summary>
public sealed partial record WorkingHours
{
    private static readonly string[] DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    /// <summary>Creates working hours; the window must be non-empty and at least one day must work.</summary>
    public WorkingHours(IEnumerable<DayOfWeek> days, TimeOnly start, TimeOnly end)
    {
        var mask = 0;
        foreach (var day in days)
        {
            mask |= 1 << (int)day;
        }

        if (mask == 0)
        {
            throw new ArgumentException("At least one working day is needed.", nameof(days));
        }

        if (end <= start)
        {
            throw new ArgumentException("The working day must end after it starts.", nameof(end));
        }

        DayMask = mask;
        Start = start;
        End = end;
    }

    /// <summary>Mon–Fri 08:00–18:00.</summary>
    public static WorkingHours Default { get; } = new(
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
        new TimeOnly(8, 0),
        new TimeOnly(18, 0));

    /// <summary>Bit <c>1 &lt;&lt; (int)DayOfWeek</c> is set for each working day.</summary>
    public int DayMask { get; }

    /// <summary>Start of the working day (local time).</summary>
    public TimeOnly Start { get; }

    /// <summary>End of the working day (local time); "EOD".</summary>
    public TimeOnly End { get; }

    /// <summary>True when <paramref name="day"/> is a working day.</summary>
    public bool IsWorkingDay(DayOfWeek day) => (DayMask & (1 << (int)day)) != 0;

    /// <summary>
    /// The last working day of the week: the working day followed by the longest run of days off
    /// (Friday for Mon–Fri, Thursday for Sun–Thu). With no day off it is Sunday (a Monday-first week).
    /// </summary>
    public DayOfWeek LastWorkingDayOfWeek
    {
        get
        {
            var best = DayOfWeek.Sunday;
            var bestGap = 0;

            // Monday first, so that among equal gaps the later day in a Monday-first week wins.
            for (var i = 0; i < 7; i++)
            {
                var day = (i + 1) % 7;
                if (!IsWorkingDay((DayOfWeek)day))
                {
                    continue;
                }

                var gap = 0;
                while (gap < 6 && !IsWorkingDay((DayOfWeek)((day + gap + 1) % 7)))
                {
                    gap++;
                }

                if (gap >= bestGap && gap > 0)
                {
                    best = (DayOfWeek)day;
                    bestGap = gap;
                }
            }

            return best;
        }
    }

    /// <summary>The first working day of the week: the first working day after <see cref="LastWorkingDayOfWeek"/>.</summary>
    public DayOfWeek FirstWorkingDayOfWeek
    {
        get
        {
            var last = (int)LastWorkingDayOfWeek;
            for (var k = 1; k <= 7; k++)
            {
                var day = (DayOfWeek)((last + k) % 7);
                if (IsWorkingDay(day))
                {
                    return day;
                }
            }

            return LastWorkingDayOfWeek;
        }
    }

    /// <summary>How many days a week are working days (1–7).</summary>
    public int WorkingDaysPerWeek => System.Numerics.BitOperations.PopCount((uint)DayMask);

    /// <summary>Renders as <c>Mon-Fri 08:00-18:00</c> (or a comma list of days), the form <see cref="TryParse(string?, out WorkingHours, out string)"/> reads.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        var first = (int)FirstWorkingDayOfWeek;
        var run = 0;
        while (run < 7 && IsWorkingDay((DayOfWeek)((first + run) % 7)))
        {
            run++;
        }

        if (run > 1 && run == WorkingDaysPerWeek)
        {
            // One unbroken run, even across the weekend: "Mon-Fri", "Sun-Thu".
            text.Append(DayNames[first]).Append('-').Append(DayNames[(first + run - 1) % 7]);
        }
        else
        {
            var days = Enumerable.Range(1, 7).Select(d => d % 7).Where(d => IsWorkingDay((DayOfWeek)d)); // Monday first
            text.AppendJoin(',', days.Select(d => DayNames[d]));
        }

        text.Append(' ')
            .Append(Start.ToString("HH:mm", CultureInfo.InvariantCulture))
            .Append('-')
            .Append(End.ToString("HH:mm", CultureInfo.InvariantCulture));
        return text.ToString();
    }

    /// <summary>
    /// Reads <c>Mon-Fri 08:00-18:00</c>, <c>Sun-Thu 9-17</c>, <c>Mon,Tue,Thu 08:30-16:00</c>, and a window alone
    /// (<c>9-5</c>, <c>9am-5pm</c>, <c>09:00-17:30</c>), which means Monday to Friday.
    /// On failure <paramref name="error"/> says what is wrong.
    /// </summary>
    public static bool TryParse(string? text, out WorkingHours hours, out string error) => TryParse(text, out hours, out _, out error);

    /// <summary>
    /// As <see cref="TryParse(string?, out WorkingHours, out string)"/>; <paramref name="daysGiven"/> says whether days
    /// were written (a window alone is read with Monday to Friday, for the caller to keep a person's own days instead).
    /// </summary>
    public static bool TryParse(string? text, out WorkingHours hours, out bool daysGiven, out string error)
    {
        hours = Default;
        error = "";
        daysGiven = false;

        // "9am - 5pm", "9 to 5": one window, however it is spaced.
        var normalised = RangeSeparator().Replace((text ?? "").Trim(), "-");
        var parts = normalised.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 0 or > 2)
        {
            error = "write working hours as days and times, e.g. `Mon-Fri 08:00-18:00`, or just the times, e.g. `9-5` or `09:00-17:30`";
            return false;
        }

        // Days first or last: "Mon-Fri 9-5", "9-5 Mon-Fri".
        var windowText = parts.Length == 1 || char.IsDigit(parts[^1][0]) ? parts[^1] : parts[0];
        var daysText = parts.Length == 1 ? null : ReferenceEquals(windowText, parts[0]) ? parts[1] : parts[0];
        var days = new List<DayOfWeek>();
        if (daysText is null)
        {
            days.AddRange([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday]);
        }
        else if (!TryDays(daysText, days, out error))
        {
            return false;
        }

        if (!TryWindow(windowText, out var start, out var end))
        {
            error = $"`{windowText}` is not a time range like `08:00-18:00`, `9-5` or `9am-5:30pm`";
            return false;
        }

        if (end <= start)
        {
            error = "the working day must end after it starts";
            return false;
        }

        daysGiven = daysText is not null;
        hours = new WorkingHours(days, start, end);
        return true;
    }

    [GeneratedRegex(@"\s*(?:-|–|\bto\b)\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RangeSeparator();

    /// <summary>These hours with <paramref name="other"/>'s working days.</summary>
    public WorkingHours WithDaysOf(WorkingHours other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new WorkingHours(Enumerable.Range(0, 7).Select(d => (DayOfWeek)d).Where(other.IsWorkingDay), Start, End);
    }

    private static bool TryDays(string text, List<DayOfWeek> days, out string error)
    {
        error = "";
        foreach (var piece in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var range = piece.Split('-', '–');
            if (range.Length == 1 && TryDay(range[0], out var single))
            {
                days.Add(single);
            }
            else if (range.Length == 2 && TryDay(range[0], out var from) && TryDay(range[1], out var to))
            {
                for (var d = from; ; d = (DayOfWeek)(((int)d + 1) % 7))
                {
                    days.Add(d);
                    if (d == to)
                    {
                        break;
                    }
                }
            }
            else
            {
                error = $"`{piece}` is not a day or a range of days like `Mon-Fri`";
                return false;
            }
        }

        return true;
    }

    /// <summary>"08:00-18:00", "9-17", "9-5" (an end hour at or before the start is the afternoon's), "9am-5:30pm".</summary>
    private static bool TryWindow(string text, out TimeOnly start, out TimeOnly end)
    {
        end = default;
        var window = text.Split('-');
        if (window.Length != 2 || !TryClock(window[0], out start, out var startMeridiem) || !TryClock(window[1], out end, out var endMeridiem))
        {
            start = default;
            return false;
        }

        // "9-5", "8:30-5:30": office hours written on a twelve-hour clock ("17:00-09:00" is not).
        if (!startMeridiem && !endMeridiem && end <= start && end.Hour is >= 1 and < 12 && start.Hour < 12 && !window[1].TrimStart().StartsWith('0'))
        {
            end = end.AddHours(12);
        }

        return true;
    }

    private static bool TryDay(string text, out DayOfWeek day)
    {
        day = DayOfWeek.Monday;
        var t = text.Trim();
        if (t.Length < 3)
        {
            return false;
        }

        for (var i = 0; i < 7; i++)
        {
            if (t.StartsWith(DayNames[i], StringComparison.OrdinalIgnoreCase)
                && CultureInfo.InvariantCulture.DateTimeFormat.DayNames[i].StartsWith(t, StringComparison.OrdinalIgnoreCase))
            {
                day = (DayOfWeek)i;
                return true;
            }
        }

        return false;
    }

    private static bool TryClock(string text, out TimeOnly time, out bool meridiem)
    {
        time = default;
        var t = text.Trim().ToLowerInvariant();
        meridiem = t.EndsWith("am", StringComparison.Ordinal) || t.EndsWith("pm", StringComparison.Ordinal);
        var pm = t.EndsWith("pm", StringComparison.Ordinal);
        if (meridiem)
        {
            t = t[..^2].TrimEnd();
        }

        if (int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var hour) && hour is >= 0 and <= 24)
        {
            if (meridiem)
            {
                if (hour is < 1 or > 12)
                {
                    return false;
                }

                hour = (hour % 12) + (pm ? 12 : 0);
            }

            time = hour == 24 ? new TimeOnly(23, 59) : new TimeOnly(hour, 0);
            return true;
        }

        if (!TimeOnly.TryParseExact(t, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time))
        {
            return false;
        }

        if (meridiem)
        {
            if (time.Hour is < 1 or > 12)
            {
                return false;
            }

            time = new TimeOnly((time.Hour % 12) + (pm ? 12 : 0), time.Minute);
        }

        return true;
    }
}
