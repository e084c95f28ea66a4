using BenchmarkDotNet.Attributes;
using CommitmentBot.Core.Time;
using NodaTime;

namespace CommitmentBot.Benchmarks;

/// <summary>Working-time arithmetic as the sweep uses it: escalation offsets from a due instant.</summary>
[MemoryDiagnoser]
public class WorkingCalendarBenchmarks
{
    private readonly DateTimeZone zone = DateTimeZoneProviders.Tzdb["America/New_York"];
    private readonly WorkingHours hours = WorkingHours.Default;
    private readonly DateTimeOffset mondayMorning = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);
    private readonly DateTimeOffset fridayEvening = new(2026, 11, 27, 22, 0, 0, TimeSpan.Zero);

    [Benchmark]
    public DateTimeOffset AddWorkingTime_TwoHoursInsideADay() => WorkingCalendar.AddWorkingTime(mondayMorning, TimeSpan.FromHours(2), zone, hours);

    [Benchmark]
    public DateTimeOffset AddWorkingTime_FourHoursOverAWeekend() => WorkingCalendar.AddWorkingTime(fridayEvening, TimeSpan.FromHours(4), zone, hours);

    [Benchmark]
    public DateTimeOffset AddWorkingTime_OneWorkingWeek() => WorkingCalendar.AddWorkingTime(fridayEvening, TimeSpan.FromHours(50), zone, hours);

    [Benchmark]
    public DateTimeOffset NextWorkingInstant_Weekend() => WorkingCalendar.NextWorkingInstant(fridayEvening.AddHours(5), zone, hours);
}
