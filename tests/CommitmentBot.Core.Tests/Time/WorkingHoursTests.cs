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

    [Fact]
    public void Default_IsMondayToFridayEightToSix()
    {
        Assert.Equal("Mon-Fri 08:00-18:00", WorkingHours.Default.ToString());
        Assert.Equal(new TimeOnly(18, 0), WorkingHours.Default.End);
    }
}
