using System.Runtime.InteropServices;

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

    /// <summary>A day of the week (<see cref="DueSpec.Weekday"/>, <see cref="DueSpec.Next"/>).</summary>
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

    /// <summary>"next Friday".</summary>
    public bool Next;

    /// <summary>Days, months or working days ahead; periods ahead for the end-of kinds.</summary>
    public int Amount;
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
}
