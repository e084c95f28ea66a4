using CommitmentBot.Core.Time;
using static CommitmentBot.Core.Tests.Time.DueExpect;

namespace CommitmentBot.Core.Tests.Time;

public sealed class WorkingHoursTests
{
    [Theory]
    [InlineData("Mon-Fri 08:00-18:00", DayOfWeek.Friday, DayOfWeek.Monday, 5)]
    [InlineData("Sun-Thu 09:00-17:00", DayOfWeek.Thursday, DayOfWeek.Sunday, 5)]
    [InlineData("Mon,Tue,Thu 08:00-16:00", DayOfWeek.Thursday, DayOfWeek.Monday, 3)]
    [InlineData("Sat 10:00-14:00", DayOfWeek.Saturday, DayOfWeek.Saturday, 1)]
    [InlineData("Mon-Sun 00:00-06:00", DayOfWeek.Sunday, DayOfWeek.Monday, 7)]
    [InlineData("Tue-Sat 09:00-17:00", DayOfWeek.Saturday, DayOfWeek.Tuesday, 5)]
    public void WorkingWeek_EndsBeforeTheLongestRunOfDaysOff(string text, DayOfWeek last, DayOfWeek first, int count)
    {
        var hours = Hours(text);
        Assert.Equal(last, hours.LastWorkingDayOfWeek);
        Assert.Equal(first, hours.FirstWorkingDayOfWeek);
        Assert.Equal(count, hours.WorkingDaysPerWeek);
    }

    [Theory]
    [InlineData("Sun-Thu 09:00-17:00")]
    [InlineData("Tue-Sat 09:00-17:00")]
    [InlineData("Mon-Sun 00:00-06:00")]
    [InlineData("Mon,Tue,Thu 08:00-16:00")]
    [InlineData("Sat 10:00-14:00")]
    [InlineData("Fri-Mon 10:00-14:00")]
    public void ToString_WritesWhatTryParseReads(string text) => Assert.Equal(text, Hours(text).ToString());

    [Fact]
    public void Default_IsMondayToFridayEightToSix()
    {
        Assert.Equal("Mon-Fri 08:00-18:00", WorkingHours.Default.ToString());
        Assert.Equal(new TimeOnly(18, 0), WorkingHours.Default.End);
    }

    [Theory]
    [InlineData("9-5", "Mon-Fri 09:00-17:00", false)]
    [InlineData("9am-5pm", "Mon-Fri 09:00-17:00", false)]
    [InlineData("9am - 5pm", "Mon-Fri 09:00-17:00", false)]
    [InlineData("9 to 5", "Mon-Fri 09:00-17:00", false)]
    [InlineData("09:00-17:30", "Mon-Fri 09:00-17:30", false)]
    [InlineData("8:30-5:30", "Mon-Fri 08:30-17:30", false)]
    [InlineData("9am-5:30pm", "Mon-Fri 09:00-17:30", false)]
    [InlineData("7-19", "Mon-Fri 07:00-19:00", false)]
    [InlineData("12pm-8pm", "Mon-Fri 12:00-20:00", false)]
    [InlineData("Sun-Thu 9-5", "Sun-Thu 09:00-17:00", true)]
    [InlineData("Mon-Fri 9am-5pm", "Mon-Fri 09:00-17:00", true)]
    [InlineData("9-5 Tue-Sat", "Tue-Sat 09:00-17:00", true)]
    [InlineData("Mon to Thu 08:00-16:00", "Mon-Thu 08:00-16:00", true)]
    public void TryParse_ReadsWindowsAsPeopleWriteThem(string text, string expected, bool daysGiven)
    {
        Assert.True(WorkingHours.TryParse(text, out var hours, out var given, out var error), error);
        Assert.Equal(expected, hours.ToString());
        Assert.Equal(daysGiven, given);
    }

    [Theory]
    [InlineData("5pm-9am")]
    [InlineData("17:00-09:00")]
    [InlineData("13pm-5pm")]
    [InlineData("Mon-Fri")]
    [InlineData("Mon-Fri 9-5 extra")]
    [InlineData("Funday 9-5")]
    [InlineData("")]
    public void TryParse_Refuses_WhatIsNoWindow(string text)
    {
        Assert.False(WorkingHours.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void WithDaysOf_KeepsTheOtherHoursDays()
    {
        Assert.True(WorkingHours.TryParse("9-5", out var window, out _));
        Assert.Equal("Sun-Thu 09:00-17:00", window.WithDaysOf(Hours("Sun-Thu 08:00-18:00")).ToString());
    }
}
