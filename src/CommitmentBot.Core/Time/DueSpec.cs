using System.Runtime.InteropServices;
using NodaTime;

namespace CommitmentBot.Core.Time;

/// <summary>What a phrase names before it is placed on the calendar.</summary>
internal enum DueDateKind : byte
{
    /// <summary>No date: a bare time ("3pm").</summary>
    None,
    Today,
    Tonight,
    Yesterday,
    Tomorrow,
    DayAfterTomorrow,
    NextWorkingDay,

    /// <summary>A day of the week (<see cref="DueSpec.Weekday"/>, <see cref="DueSpec.WeeksAhead"/>).</summary>
    Weekday,

    /// <summary>A day and month, with or without a year.</summary>
    Date,

    /// <summary>"the 15th": a day of some month.</summary>
    DayOfMonth,
    CalendarDays,
    Months,
    WorkingDays,

    /// <summary>An exact duration ("in 90 minutes").</summary>
    Duration,
    EndOfDay,
    EndOfWeek,
    EndOfMonth,
    EndOfQuarter,
    EndOfYear,
}

/// <summary>How a phrase gave the time of day.</summary>
internal enum DueClockKind : byte
{
    /// <summary>Not given: the date's rule decides.</summary>
    None,

    /// <summary>A 24-hour time (hour 24 is the midnight that ends the day).</summary>
    Exact,

    /// <summary>An hour of 1–12 with no am/pm; working hours decide which half of the day.</summary>
    Flexible,

    /// <summary>The end of the working day ("EOD Friday").</summary>
    EndOfWorkingDay,

    /// <summary>The start of the working day ("first thing Monday").</summary>
    StartOfWorkingDay,
}

/// <summary>A parsed phrase, before the rep's zone and calendar place it.</summary>
[StructLayout(LayoutKind.Auto)]
internal struct DueSpec
{
    public DueDateKind Date;

    /// <summary>0 when no year was given.</summary>
    public int Year;

    /// <summary>1–12, or 0 when no month was given.</summary>
    public int Month;
    public int Day;

    /// <summary>ISO day of week (Monday 1 … Sunday 7) named by the phrase, or 0.</summary>
    public int Weekday;

    /// <summary>
    /// For a weekday: 0 for the soonest such day, 1 for that day of next week ("next Friday",
    /// "Friday next week"), 2 for the week after next. Weeks run Monday to Sunday.
    /// </summary>
    public int WeeksAhead;

    /// <summary>Days, months or working days ahead; periods ahead for the end-of kinds.</summary>
    public int Amount;

    /// <summary>Days counted on from the named day ("a week from Friday" is Friday plus 7).</summary>
    public int PlusDays;

    /// <summary>A part of the day with no day named ("this afternoon"): today's, never tomorrow's.</summary>
    public bool PartOfDay;

    /// <summary>The zone the written time is read in ("3pm ET"), or null for the rep's own.</summary>
    public DateTimeZone? Zone;
    public long DurationTicks;
    public DueClockKind Clock;
    public int Hour;
    public int Minute;
    public int Second;
}

/// <summary>Why a phrase failed, with the numbers the message names.</summary>
internal enum DueProblem : byte
{
    None,
    Unreadable,
    NoSuchMonth,
    NoSuchDay,
    NoSuchDayInYear,
    NoSuchDayOfMonth,
    NoSuchClockTime,
    NoSuchMeridiemTime,
    AmbiguousHour,
    WeekdayMismatch,
    TooFar,
    Passed,

    /// <summary>Words after a time that are not a zone; <see cref="DueFailure.A"/> and <see cref="DueFailure.B"/> give where they are.</summary>
    UnknownZone,

    /// <summary>A zone after a span of time ("in 3 hours ET"), which has no time of day to read on its clock.</summary>
    ZoneWithoutTime,

    /// <summary>A vague amount or time ("soon", "a few days").</summary>
    Vague,
}

/// <summary>A failure and its details (which numbers mean what depends on <see cref="Problem"/>).</summary>
[StructLayout(LayoutKind.Auto)]
internal struct DueFailure
{
    public DueProblem Problem;
    public int A;
    public int B;
    public int C;
    public int D;

    public static DueFailure Of(DueProblem problem, int a = 0, int b = 0, int c = 0, int d = 0)
        => new() { Problem = problem, A = a, B = b, C = c, D = d };

    public readonly bool SameAs(in DueFailure other)
        => Problem == other.Problem && A == other.A && B == other.B && C == other.C && D == other.D;
}
