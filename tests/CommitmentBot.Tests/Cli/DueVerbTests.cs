using CommitmentBot.Cli;

namespace CommitmentBot.Tests.Cli;

public sealed class DueVerbTests
{
    // Monday 23 November 2026, 10:00 in New York.
    private static readonly string[] NewYorkMonday = ["--zone", "America/New_York", "--now", "2026-11-23T15:00:00Z"];

    private static (int Code, string Output, string Error) Run(string[] args, string input)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var code = DueVerb.Run(args, new StringReader(input), output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Run_PrintsOneUtcInstantPerPhrase()
    {
        var (code, output, error) = Run(NewYorkMonday, "Friday 3pm\ntomorrow\nin 2 business days\nDec 5 at 9am\n");
        Assert.Equal(0, code);
        Assert.Equal("2026-11-27T20:00:00Z\n2026-11-24T23:00:00Z\n2026-11-25T15:00:00Z\n2026-12-05T14:00:00Z\n", output);
        Assert.Equal("", error);
    }

    [Fact]
    public void Run_PrintsTheRepsReason_ForEachBadLine_AndStillExitsZero()
    {
        var (code, output, _) = Run(NewYorkMonday, "Feb 30\n25:00\nblah\n2020-01-01\nEOD\n");
        Assert.Equal(0, code);
        Assert.Equal(
            "error: there is no 30 February\n" +
            "error: there is no 25:00\n" +
            "error: I couldn't read \"blah\" as a date or time\n" +
            "error: that time has already passed\n" +
            "2026-11-23T23:00:00Z\n",
            output);
    }

    [Fact]
    public void Run_AnswersBlankLinesInTheMiddle_ButNotTrailingOnes()
    {
        var (code, output, _) = Run(NewYorkMonday, "EOD\n\n  \nEOW\n\n\n");
        Assert.Equal(0, code);
        Assert.Equal(
            "2026-11-23T23:00:00Z\nerror: no due date or time was given\nerror: no due date or time was given\n2026-11-27T23:00:00Z\n",
            output);
    }

    [Fact]
    public void Run_ReadsTheLastLine_WithoutANewline_AndWindowsLineEnds()
    {
        var (_, output, _) = Run(NewYorkMonday, "EOD\r\nEOW");
        Assert.Equal("2026-11-23T23:00:00Z\n2026-11-27T23:00:00Z\n", output);
    }

    [Fact]
    public void Run_PrintsNothing_ForEmptyInput()
    {
        var (code, output, _) = Run(NewYorkMonday, "");
        Assert.Equal(0, code);
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData("MDY", "2026-12-05T23:00:00Z")]
    [InlineData("DMY", "2027-05-12T22:00:00Z")]
    [InlineData("dmy", "2027-05-12T22:00:00Z")]
    public void Run_ReadsNumericDates_ByDateOrder(string order, string expected)
    {
        var (code, output, _) = Run([.. NewYorkMonday, "--date-order", order], "12/5\n");
        Assert.Equal(0, code);
        Assert.Equal(expected + "\n", output);
    }

    [Fact]
    public void Run_AcceptsEqualsSignsAndOtherZones()
    {
        var (code, output, _) = Run(["--zone=Asia/Kolkata", "--now=2026-11-23T04:30:00Z"], "EOD\n");
        Assert.Equal(0, code);
        Assert.Equal("2026-11-23T12:30:00Z\n", output);
    }

    [Fact]
    public void Run_AcceptsNowWithAnOffset_AndWorkingHours()
    {
        var (code, output, _) = Run(
            ["--zone", "Asia/Kolkata", "--now", "2026-11-23T10:00:00+05:30", "--hours", "Sun-Thu 09:00-17:00"],
            "EOW\n");
        Assert.Equal(0, code);
        Assert.Equal("2026-11-26T11:30:00Z\n", output); // Thursday 17:00 IST
    }

    [Theory]
    [InlineData(new string[0], "--zone is required")]
    [InlineData(new[] { "--now", "2026-11-23T15:00:00Z" }, "--zone is required")]
    [InlineData(new[] { "--zone", "America/New_York" }, "--now is required")]
    [InlineData(new[] { "--zone", "Mars/Olympus_Mons", "--now", "2026-11-23T15:00:00Z" }, "unknown time zone 'Mars/Olympus_Mons'")]
    [InlineData(new[] { "--zone", "America/New_York", "--now", "yesterday" }, "--now 'yesterday' is not a UTC instant")]
    [InlineData(new[] { "--zone", "America/New_York", "--now", "2026-11-23" }, "--now '2026-11-23' is not a UTC instant")]
    [InlineData(new[] { "--zone", "America/New_York", "--now", "2026-11-23T15:00:00Z", "--date-order", "YMD" }, "--date-order 'YMD' must be MDY or DMY")]
    [InlineData(new[] { "--zone", "America/New_York", "--now", "2026-11-23T15:00:00Z", "--date-order", "1" }, "--date-order '1' must be MDY or DMY")]
    [InlineData(new[] { "--zone", "America/New_York", "--now", "2026-11-23T15:00:00Z", "--hours", "always" }, "--hours:")]
    [InlineData(new[] { "--zone", "America/New_York", "--now" }, "--now needs a value")]
    [InlineData(new[] { "--zone", "America/New_York", "--now", "2026-11-23T15:00:00Z", "--verbose" }, "unknown argument '--verbose'")]
    [InlineData(new[] { "Friday" }, "unknown argument 'Friday'")]
    public void Run_ExitsTwoWithUsage_WhenArgumentsAreBad(string[] args, string reason)
    {
        var (code, output, error) = Run(args, "Friday\n");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("due: " + reason, error, StringComparison.Ordinal);
        Assert.Contains(DueVerb.Usage, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_PrintsUsage_ForHelp()
    {
        var (code, output, _) = Run(["--help"], "");
        Assert.Equal(0, code);
        Assert.StartsWith(DueVerb.Usage, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ListsTheFormsItReads_ForHelp()
    {
        var (_, output, _) = Run(["--help"], "");

        foreach (var form in (string[])["EOD", "COB Friday", "tomorrow morning", "first thing Monday", "next week", "the week after next",
            "a week from Friday", "in a couple of days", "in 48h", "in 3bd", "3pm ET", "9am UTC+5:30", "soon or ASAP is not a deadline"])
        {
            Assert.Contains(form, output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("`", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ReadsTheNewForms()
    {
        // Monday 23 November 2026, 10:00 in New York.
        var (code, output, _) = Run(NewYorkMonday, string.Join('\n',
            "COB Friday", "tomorrow morning", "first thing Wednesday", "this afternoon", "next week", "Tuesday next week", "the week after next",
            "a week from Friday", "two weeks from today", "3 days from Dec 5", "in a couple of days", "in 48h", "in 3bd",
            "3pm ET", "Friday 9am CET", "noon Pacific time", "5pm America/Chicago", "Friday 9am UTC+5:30") + "\n");

        Assert.Equal(0, code);
        Assert.Equal(
            string.Join('\n',
                "2026-11-27T23:00:00Z", "2026-11-24T17:00:00Z", "2026-11-25T13:00:00Z", "2026-11-23T22:00:00Z", "2026-12-04T23:00:00Z",
                "2026-12-01T23:00:00Z", "2026-12-11T23:00:00Z", "2026-12-04T23:00:00Z", "2026-12-07T23:00:00Z", "2026-12-08T23:00:00Z",
                "2026-11-25T15:00:00Z", "2026-11-25T15:00:00Z", "2026-11-26T15:00:00Z", "2026-11-23T20:00:00Z", "2026-11-27T08:00:00Z",
                "2026-11-23T20:00:00Z", "2026-11-23T23:00:00Z", "2026-11-27T03:30:00Z") + "\n",
            output);
    }

    [Fact]
    public void Run_GivesTheSameReasons_AsTheBot()
    {
        var (_, output, _) = Run(NewYorkMonday, "soon\n3pm XYZ\nin 3 hours ET\nfirst thing\n");

        Assert.Equal(
            "error: \"soon\" is not a deadline: by when exactly? Give a date or a time\n"
                + "error: \"XYZ\" is not a time zone I know (write one like ET, PT, CET, IST, AEST, America/Chicago or UTC+5:30)\n"
                + "error: a time zone goes after a time of day, e.g. \"Friday 3pm ET\"\n"
                + "error: that time has already passed\n",
            output);
    }

    [Theory]
    [InlineData("EST")]
    [InlineData("Eastern")]
    [InlineData("america/new_york")]
    public void Run_ReadsTheZone_AsPeopleWriteIt(string zone)
    {
        var (code, output, _) = Run(["--zone", zone, "--now", "2026-06-01T14:00:00Z"], "tomorrow 3pm\n");

        Assert.Equal(0, code);
        Assert.Equal("2026-06-02T19:00:00Z\n", output); // 15:00 EDT: New York's clock, daylight saving included
    }
}
