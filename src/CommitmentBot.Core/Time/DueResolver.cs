using System.Runtime.InteropServices;
using NodaTime;

namespace CommitmentBot.Core.Time;

/// <summary>
/// Places a parsed phrase on the rep's calendar, following SPEC's "Due-time semantics" rule by rule.
/// </summary>
internal static class DueResolver
{
    private static readonly LocalTime Evening = new(20, 0);

    /// <summary>
    /// Places <paramref name="spec"/>. Days are counted on the rep's calendar; the time of day is read on the
    /// clock of the zone the phrase named, if any, else the rep's. <paramref name="nextYear"/> says a day and
    /// month without a year fell in a later year than today's.
    /// </summary>
    public static bool TryResolve(in DueSpec spec, in DueContext context, out Instant due, out bool nextYear, out DueFailure failure)
    {
        var zone = context.Zone ?? DateTimeZone.Utc;
        var hours = context.WorkingHours ?? WorkingHours.Default;
        var now = Instant.FromDateTimeOffset(context.Now);
        var local = ZoneMath.LocalOf(zone, now);
        var today = local.Date;
        var endOfDay = new WallTime(ZoneMath.ToLocalTime(hours.End));
        var calendar = new Calendar(spec.Zone ?? zone, now);
        var plus = spec.PlusDays;
        failure = default;
        due = default;
        nextYear = false;

        var clock = default(WallTime);
        var hasClock = spec.Clock != DueClockKind.None;
        switch (spec.Clock)
        {
            case DueClockKind.Exact:
                clock = spec.Hour == 24 ? WallTime.EndOfDay : new WallTime(new LocalTime(spec.Hour, spec.Minute, spec.Second));
                break;
            case DueClockKind.Flexible:
                if (!TryPickHalfOfDay(spec, hours, spec.Date == DueDateKind.Tonight, out clock))
                {
                    failure = DueFailure.Of(DueProblem.AmbiguousHour, spec.Hour, spec.Minute);
                    return false;
                }

                break;
            case DueClockKind.EndOfWorkingDay:
                clock = endOfDay;
                break;
            case DueClockKind.StartOfWorkingDay:
                clock = new WallTime(ZoneMath.ToLocalTime(hours.Start));
                break;
        }

        // A date with no time means the end of the working day on that date.
        var time = hasClock ? clock : endOfDay;
        switch (spec.Date)
        {
            case DueDateKind.None:
                // A time with no date: today if still ahead, else tomorrow. A part of the day is today's only.
                due = calendar.At(today, clock);
                if (due <= now && !spec.PartOfDay)
                {
                    due = calendar.At(today.PlusDays(1), clock);
                }

                break;
            case DueDateKind.Today:
                due = calendar.At(today.PlusDays(plus), time);
                break;
            case DueDateKind.Tonight:
                due = calendar.At(today.PlusDays(plus), hasClock ? clock : new WallTime(Evening));
                break;
            case DueDateKind.Yesterday:
                due = calendar.At(today.PlusDays(plus - 1), time);
                break;
            case DueDateKind.Tomorrow:
                due = calendar.At(today.PlusDays(plus + 1), time);
                break;
            case DueDateKind.DayAfterTomorrow:
                due = calendar.At(today.PlusDays(plus + 2), time);
                break;
            case DueDateKind.NextWorkingDay:
                due = calendar.At(WorkingCalendar.NextWorkingDate(today, hours).PlusDays(plus), time);
                break;
            case DueDateKind.Weekday:
                {
                    var date = today.PlusDays((spec.Weekday - (int)today.DayOfWeek + 7) % 7);
                    if (spec.WeeksAhead == 0)
                    {
                        // The soonest such day, today included while the time is still ahead.
                        due = calendar.At(date.PlusDays(plus), time);
                        if (due <= now)
                        {
                            date = date.PlusDays(7);
                            due = calendar.At(date.PlusDays(plus), time);
                        }
                    }
                    else
                    {
                        // That day of next week (or the week after), weeks running Monday to Sunday:
                        // said on a Wednesday, "next Tuesday" is six days later.
                        var monday = today.PlusDays(1 - (int)today.DayOfWeek);
                        date = monday.PlusDays((7 * spec.WeeksAhead) + spec.Weekday - 1);
                        due = calendar.At(date.PlusDays(plus), time);
                    }

                    break;
                }

            case DueDateKind.Date:
                {
                    LocalDate date;
                    if (spec.Year > 0)
                    {
                        date = new LocalDate(spec.Year, spec.Month, spec.Day);
                        due = calendar.At(date.PlusDays(plus), time);
                    }
                    else
                    {
                        // The next such date still ahead; "Feb 29" waits for a leap year.
                        date = today;
                        var found = false;
                        for (var year = today.Year; !found && year <= today.Year + 8 && year <= 9999; year++)
                        {
                            if (spec.Day <= CalendarSystem.Iso.GetDaysInMonth(year, spec.Month))
                            {
                                date = new LocalDate(year, spec.Month, spec.Day);
                                due = calendar.At(date.PlusDays(plus), time);
                                found = due > now;
                            }
                        }

                        nextYear = date.Year > today.Year;

                        if (!found)
                        {
                            // Only at the calendar's far end (year 9999) is there no such date ahead.
                            failure = DueFailure.Of(DueProblem.TooFar);
                            return false;
                        }
                    }

                    if (spec.Weekday != 0 && (int)date.DayOfWeek != spec.Weekday)
                    {
                        failure = DueFailure.Of(DueProblem.WeekdayMismatch, date.Day, date.Month, date.Year, spec.Weekday);
                        return false;
                    }

                    break;
                }

            case DueDateKind.DayOfMonth:
                {
                    var month = new LocalDate(today.Year, today.Month, 1);
                    var date = today;
                    for (var k = 0; k < 24; k++, month = month.PlusMonths(1))
                    {
                        if (spec.Day > month.Calendar.GetDaysInMonth(month.Year, month.Month))
                        {
                            continue;
                        }

                        date = new LocalDate(month.Year, month.Month, spec.Day);
                        due = calendar.At(date.PlusDays(plus), time);
                        if (due > now)
                        {
                            break;
                        }
                    }

                    if (spec.Weekday != 0 && (int)date.DayOfWeek != spec.Weekday)
                    {
                        failure = DueFailure.Of(DueProblem.WeekdayMismatch, date.Day, date.Month, date.Year, spec.Weekday);
                        return false;
                    }

                    break;
                }

            case DueDateKind.CalendarDays:
                // The same wall-clock time N calendar days later (a zone is only read with a written time).
                due = calendar.At(today.PlusDays(spec.Amount), hasClock ? clock : new WallTime(local.TimeOfDay));
                break;
            case DueDateKind.Months:
                due = calendar.At(today.PlusMonths(spec.Amount), hasClock ? clock : new WallTime(local.TimeOfDay));
                break;
            case DueDateKind.WorkingDays:
                due = calendar.At(WorkingCalendar.AddWorkingDays(today, spec.Amount, hours), hasClock ? clock : new WallTime(local.TimeOfDay));
                break;
            case DueDateKind.Duration:
                due = now + Duration.FromTicks(spec.DurationTicks);
                break;
            case DueDateKind.EndOfDay:
                due = WorkingCalendar.IsWorkingDate(today, hours) ? calendar.At(today, endOfDay) : now;
                if (due <= now)
                {
                    due = calendar.At(WorkingCalendar.NextWorkingDate(today, hours), endOfDay);
                }

                break;
            case DueDateKind.EndOfWeek:
                due = spec.Amount == 0 ? EndOfWeek(calendar, today, hours, endOfDay) : EndOfWeekAhead(calendar, today, spec.Amount, hours, endOfDay);
                break;
            case DueDateKind.EndOfMonth:
                due = EndOfMonth(calendar, today, spec, hours, endOfDay);
                break;
            case DueDateKind.EndOfQuarter:
                {
                    var quarterEnd = new LocalDate(today.Year, ((today.Month - 1) / 3 * 3) + 3, 1).PlusMonths(3 * spec.Amount);
                    due = calendar.At(LastWorkingDateOfMonth(quarterEnd, hours), endOfDay);
                    if (due <= now && spec.Amount == 0)
                    {
                        due = calendar.At(LastWorkingDateOfMonth(quarterEnd.PlusMonths(3), hours), endOfDay);
                    }

                    break;
                }

            case DueDateKind.EndOfYear:
                {
                    var december = new LocalDate(today.Year + spec.Amount, 12, 1);
                    due = calendar.At(LastWorkingDateOfMonth(december, hours), endOfDay);
                    if (due <= now && spec.Amount == 0)
                    {
                        due = calendar.At(LastWorkingDateOfMonth(december.PlusYears(1), hours), endOfDay);
                    }

                    break;
                }
        }

        if (due <= now)
        {
            failure = DueFailure.Of(DueProblem.Passed);
            return false;
        }

        return true;
    }

    /// <summary>
    /// EOW: the end of the working week's last working day (Friday), or next week's once that has passed.
    /// A week runs from its first working day (Monday) to the day before the next one.
    /// </summary>
    private static Instant EndOfWeek(in Calendar calendar, LocalDate today, WorkingHours hours, WallTime endOfDay)
    {
        var first = ZoneMath.ToIsoDay(hours.FirstWorkingDayOfWeek);
        var last = ZoneMath.ToIsoDay(hours.LastWorkingDayOfWeek);
        var weekStart = today.PlusDays(-(((int)today.DayOfWeek - first + 7) % 7));
        var lastDay = weekStart.PlusDays((last - first + 7) % 7);
        var due = calendar.At(lastDay, endOfDay);
        return due <= calendar.Now ? calendar.At(lastDay.PlusDays(7), endOfDay) : due;
    }

    /// <summary>
    /// "next week", "end of next week", "the week after next": the end of the last working day of the week
    /// <paramref name="weeksAhead"/> on, weeks running Monday to Sunday.
    /// </summary>
    private static Instant EndOfWeekAhead(in Calendar calendar, LocalDate today, int weeksAhead, WorkingHours hours, WallTime endOfDay)
    {
        var monday = today.PlusDays(1 - (int)today.DayOfWeek);
        var last = ZoneMath.ToIsoDay(hours.LastWorkingDayOfWeek);
        return calendar.At(monday.PlusDays((7 * weeksAhead) + last - 1), endOfDay);
    }

    /// <summary>The end of the month's last working day, or next month's once that has passed; or of a named month.</summary>
    private static Instant EndOfMonth(in Calendar calendar, LocalDate today, in DueSpec spec, WorkingHours hours, WallTime endOfDay)
    {
        if (spec.Month == 0)
        {
            var month = new LocalDate(today.Year, today.Month, 1).PlusMonths(spec.Amount);
            var due = calendar.At(LastWorkingDateOfMonth(month, hours), endOfDay);
            return due <= calendar.Now && spec.Amount == 0
                ? calendar.At(LastWorkingDateOfMonth(month.PlusMonths(1), hours), endOfDay)
                : due;
        }

        // "end of December": this year's unless it has passed (or a year was written).
        var named = new LocalDate(spec.Year > 0 ? spec.Year : today.Year, spec.Month, 1);
        var end = calendar.At(LastWorkingDateOfMonth(named, hours), endOfDay);
        return end <= calendar.Now && spec.Year == 0
            ? calendar.At(LastWorkingDateOfMonth(named.PlusYears(1), hours), endOfDay)
            : end;
    }

    private static LocalDate LastWorkingDateOfMonth(LocalDate anyDayOfMonth, WorkingHours hours)
    {
        var date = new LocalDate(anyDayOfMonth.Year, anyDayOfMonth.Month, anyDayOfMonth.Calendar.GetDaysInMonth(anyDayOfMonth.Year, anyDayOfMonth.Month));
        while (!WorkingCalendar.IsWorkingDate(date, hours))
        {
            date = date.PlusDays(-1);
        }

        return date;
    }

    /// <summary>
    /// "at 5" with no am/pm: the half of the day that falls inside working hours ("5" → 17:00, "9" → 09:00);
    /// after "tonight" the evening. When both or neither half is a working time, the rep must say which.
    /// </summary>
    private static bool TryPickHalfOfDay(in DueSpec spec, WorkingHours hours, bool tonight, out WallTime time)
    {
        var hour = spec.Hour % 12;
        if (tonight)
        {
            time = hour == 0 && spec.Minute == 0 && spec.Second == 0
                ? WallTime.EndOfDay
                : new WallTime(new LocalTime(hour + 12, spec.Minute, spec.Second));
            return hour != 0 || time.IsEndOfDay;
        }

        var start = ZoneMath.ToLocalTime(hours.Start);
        var end = ZoneMath.ToLocalTime(hours.End);
        var morning = new LocalTime(hour, spec.Minute, spec.Second);
        var afternoon = new LocalTime(hour + 12, spec.Minute, spec.Second);
        var morningFits = morning >= start && morning <= end;
        var afternoonFits = afternoon >= start && afternoon <= end;
        time = new WallTime(morningFits ? morning : afternoon);
        return morningFits != afternoonFits;
    }

    /// <summary>A time of day, or the midnight that ends the day ("midnight", "24:00").</summary>
    [StructLayout(LayoutKind.Auto)]
    private readonly struct WallTime(LocalTime time, bool endOfDay = false)
    {
        public static WallTime EndOfDay => new(LocalTime.Midnight, endOfDay: true);

        public LocalTime Time { get; } = time;

        public bool IsEndOfDay { get; } = endOfDay;
    }

    [StructLayout(LayoutKind.Auto)]
    private readonly struct Calendar(DateTimeZone zone, Instant now)
    {
        public Instant Now { get; } = now;

        public Instant At(LocalDate date, WallTime time)
            => time.IsEndOfDay ? ZoneMath.At(zone, date.PlusDays(1), LocalTime.Midnight) : ZoneMath.At(zone, date, time.Time);
    }
}
