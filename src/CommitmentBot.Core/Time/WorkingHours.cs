using System.Globalization;
using System.Text;

namespace CommitmentBot.Core.Time;

/// <summary>
/// A person's working week: the working days and the daily window, read in their time zone.
/// The default is Mon–Fri 08:00–18:00; "end of working day" is <see cref="End"/>.
/// </summary>
public sealed record WorkingHours
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

    /// <summary>Renders as <c>Mon-Fri 08:00-18:00</c> (or a comma list of days), the form <see cref="TryParse"/> reads.</summary>
    public override string ToString()
    {
        var days = new List<int>();
        for (var i = 0; i < 7; i++)
        {
            var day = (i + 1) % 7; // Monday first
            if ((DayMask & (1 << day)) != 0)
            {
                days.Add(i);
            }
        }

        var text = new StringBuilder();
        var contiguous = days[^1] - days[0] == days.Count - 1;
        if (contiguous && days.Count > 1)
        {
            text.Append(DayNames[(days[0] + 1) % 7]).Append('-').Append(DayNames[(days[^1] + 1) % 7]);
        }
        else
        {
            text.AppendJoin(',', days.Select(d => DayNames[(d + 1) % 7]));
        }

        text.Append(' ')
            .Append(Start.ToString("HH:mm", CultureInfo.InvariantCulture))
            .Append('-')
            .Append(End.ToString("HH:mm", CultureInfo.InvariantCulture));
        return text.ToString();
    }

    /// <summary>
    /// Reads <c>Mon-Fri 08:00-18:00</c>, <c>Sun-Thu 9-17</c>, <c>Mon,Tue,Thu 08:30-16:00</c>.
    /// On failure <paramref name="error"/> says what is wrong.
    /// </summary>
    public static bool TryParse(string? text, out WorkingHours hours, out string error)
    {
        hours = Default;
        error = "";
        var parts = (text ?? "").Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            error = "write working hours as days and times, e.g. `Mon-Fri 08:00-18:00`";
            return false;
        }

        var days = new List<DayOfWeek>();
        foreach (var piece in parts[0].Split(',', StringSplitOptions.RemoveEmptyEntries))
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

        var window = parts[1].Split('-', '–');
        if (window.Length != 2 || !TryClock(window[0], out var start) || !TryClock(window[1], out var end))
        {
            error = $"`{parts[1]}` is not a time range like `08:00-18:00`";
            return false;
        }

        if (end <= start)
        {
            error = "the working day must end after it starts";
            return false;
        }

        hours = new WorkingHours(days, start, end);
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

    private static bool TryClock(string text, out TimeOnly time)
    {
        var t = text.Trim();
        if (int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var hour) && hour is >= 0 and <= 24)
        {
            time = hour == 24 ? new TimeOnly(23, 59) : new TimeOnly(hour, 0);
            return true;
        }

        return TimeOnly.TryParseExact(t, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }
}
