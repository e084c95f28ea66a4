using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Records;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Tests.Commands;

public sealed class CommandParserTests
{
    [Theory]
    [InlineData("send revised quote for Acme by Friday 3pm", "send revised quote", "Acme", "Friday 3pm")]
    [InlineData("Acme: send revised quote by Friday 3pm", "send revised quote", "Acme", "Friday 3pm")]
    [InlineData("Acme Corp: demo environment ready in 2 business days", "demo environment ready", "Acme Corp", "in 2 business days")]
    [InlineData("call back Globex in 90 minutes", "call back Globex", null, "in 90 minutes")]
    [InlineData("send the quote by email by Friday", "send the quote by email", null, "Friday")]
    [InlineData("send the quote by Friday for Initech", "send the quote", "Initech", "Friday")]
    [InlineData("/promise ship loaner unit for Umbrella by tomorrow at noon", "ship loaner unit", "Umbrella", "tomorrow at noon")]
    [InlineData("confirm delivery date for Acme before EOD", "confirm delivery date", "Acme", "EOD")]
    public void Parse_ReadsCreateForms(string text, string what, string? customer, string due)
    {
        var command = Assert.IsType<CreateCommand>(CommandParser.Parse(text));
        Assert.Equal(what, command.What);
        Assert.Equal(customer, command.Customer);
        Assert.Equal(due, command.DuePhrase);
    }

    [Fact]
    public void Parse_LeavesDueEmpty_WhenNoDueIsGiven()
    {
        var command = Assert.IsType<CreateCommand>(CommandParser.Parse("send the quote for Acme"));
        Assert.Equal("", command.DuePhrase);
    }

    [Theory]
    [InlineData("done P-3", ChangeKind.Done, 3, null)]
    [InlineData("done p3", ChangeKind.Done, 3, null)]
    [InlineData("risk P-12 supplier is late", ChangeKind.Risk, 12, "supplier is late")]
    [InlineData("missed 7 customer walked", ChangeKind.Missed, 7, "customer walked")]
    [InlineData("cancel #4", ChangeKind.Cancel, 4, null)]
    public void Parse_ReadsChanges(string text, ChangeKind kind, int number, string? why)
    {
        var command = Assert.IsType<ChangeCommand>(CommandParser.Parse(text));
        Assert.Equal(kind, command.Kind);
        Assert.Equal(number, command.Number);
        Assert.Equal(why, command.Why);
    }

    [Fact]
    public void Parse_TreatsVerbFollowedByPromise_AsCreate()
    {
        var command = Assert.IsType<CreateCommand>(CommandParser.Parse("cancel the old order for Acme by Friday"));
        Assert.Equal("cancel the old order", command.What);
        Assert.Equal("Acme", command.Customer);
    }

    [Theory]
    [InlineData("done")]
    [InlineData("done banana")]
    [InlineData("risk")]
    [InlineData("move")]
    [InlineData("move P-3")]
    public void Parse_Refuses_WhenIdOrDateMissing(string text)
    {
        var invalid = Assert.IsType<InvalidCommand>(CommandParser.Parse(text));
        Assert.False(string.IsNullOrWhiteSpace(invalid.Message));
    }

    [Theory]
    [InlineData("move P-3 to Friday 3pm", "Friday 3pm", null)]
    [InlineData("move P-3 to next Tuesday because the part is late", "next Tuesday", "the part is late")]
    [InlineData("move P-3 to Dec 5 - customer agreed", "Dec 5", "customer agreed")]
    [InlineData("move P-3 tomorrow", "tomorrow", null)]
    public void Parse_ReadsMove(string text, string due, string? why)
    {
        var command = Assert.IsType<MoveCommand>(CommandParser.Parse(text));
        Assert.Equal(3, command.Number);
        Assert.Equal(due, command.DuePhrase);
        Assert.Equal(why, command.Why);
    }

    [Theory]
    [InlineData("move P-3 to next Tuesday Acme asked to push, their VP is out", "next Tuesday", "Acme asked to push, their VP is out")]
    [InlineData("move P-3 to next Tuesday, Acme asked to push", "next Tuesday", "Acme asked to push")]
    [InlineData("move P-3 to Friday 3pm ET customer agreed", "Friday 3pm ET", "customer agreed")]
    [InlineData("move P-3, to the week after next as agreed", "the week after next", "agreed")]
    [InlineData("move P-3 to Feb 30 they asked", "Feb 30", "they asked")]
    [InlineData("move P-3 to the twelfth of never", "the twelfth of never", null)]
    public void Parse_ReadsMove_AsTheLongestDueThenTheReason(string text, string due, string? why)
    {
        var command = Assert.IsType<MoveCommand>(CommandParser.Parse(text));
        Assert.Equal((3, due, why), (command.Number, command.DuePhrase, command.Why));
    }

    [Theory]
    [InlineData("risk P-5, finance has not approved the discount", ChangeKind.Risk, "finance has not approved the discount")]
    [InlineData("risk P-5: finance has not approved the discount", ChangeKind.Risk, "finance has not approved the discount")]
    [InlineData("missed P-5 - the customer walked", ChangeKind.Missed, "the customer walked")]
    [InlineData("missed P-5 because the customer walked", ChangeKind.Missed, "the customer walked")]
    [InlineData("done P-5.", ChangeKind.Done, null)]
    public void Parse_ReadsTheReason_WithOrWithoutAComma(string text, ChangeKind kind, string? why)
    {
        var command = Assert.IsType<ChangeCommand>(CommandParser.Parse(text));
        Assert.Equal((kind, 5, why), (command.Kind, command.Number, command.Why));
    }

    [Theory]
    [InlineData("send the deck for the 12/15 event by Friday", "send the deck for the 12/15 event", null, "Friday")]
    [InlineData("send quote for Acme, by Friday", "send quote", "Acme", "Friday")]
    [InlineData("send quote by Friday 3pm CET for Acme", "send quote", "Acme", "Friday 3pm CET")]
    [InlineData("send 20 seat quote to Umbrella by Friday", "send 20 seat quote to Umbrella", null, "Friday")]
    [InlineData("call back Globex in a couple of hours", "call back Globex", null, "in a couple of hours")]
    [InlineData("call back Globex in 48h", "call back Globex", null, "in 48h")]
    [InlineData("demo ready for Initech in two weeks", "demo ready", "Initech", "in two weeks")]
    [InlineData("send quote in a few days", "send quote", null, "in a few days")]
    [InlineData("put the units in 2 boxes", "put the units in 2 boxes", null, "")]
    public void Parse_ReadsTheCustomerAndTheDue(string text, string what, string? customer, string due)
    {
        var command = Assert.IsType<CreateCommand>(CommandParser.Parse(text));
        Assert.Equal((what, customer, due), (command.What, command.Customer, command.DuePhrase));
    }

    [Theory]
    [InlineData("settings zone EST", "America/New_York")]
    [InlineData("settings zone Pacific", "America/Los_Angeles")]
    [InlineData("settings zone Pacific Time", "America/Los_Angeles")]
    public void Parse_ReadsZonesWithSpecsTable(string text, string zone)
        => Assert.Equal(zone, Assert.IsType<SetZoneCommand>(CommandParser.Parse(text)).ZoneId);

    [Theory]
    [InlineData("settings hours 9-5", "Mon-Fri 09:00-17:00", false)]
    [InlineData("settings hours 9am-5pm", "Mon-Fri 09:00-17:00", false)]
    [InlineData("settings hours 09:00-17:30", "Mon-Fri 09:00-17:30", false)]
    [InlineData("settings hours Mon-Thu 9-5", "Mon-Thu 09:00-17:00", true)]
    public void Parse_ReadsHoursAsPeopleWriteThem(string text, string hours, bool daysGiven)
    {
        var command = Assert.IsType<SetHoursCommand>(CommandParser.Parse(text));
        Assert.Equal((hours, daysGiven), (command.Hours.ToString(), command.DaysGiven));
    }

    [Fact]
    public void Parse_ReadsPlainVerbs()
    {
        Assert.IsType<ListCommand>(CommandParser.Parse("list"));
        Assert.IsType<TeamCommand>(CommandParser.Parse("team"));
        Assert.IsType<HelpCommand>(CommandParser.Parse("help"));
        Assert.IsType<HelpCommand>(CommandParser.Parse(""));
        Assert.IsType<ShowSettingsCommand>(CommandParser.Parse("settings"));
        Assert.IsType<ShowAdminCommand>(CommandParser.Parse("admin"));
    }

    [Fact]
    public void Parse_ReadsRecord()
    {
        Assert.Equal(new RecordCommand(new RecordSubject.Mine(), RecordPeriod.Default), CommandParser.Parse("record"));
        Assert.Equal(new RecordCommand(new RecordSubject.Person("U123"), new RecordPeriod(RecordPeriodKind.Days, 90)), CommandParser.Parse("record <@U123|ana> 90d"));
        Assert.Equal(new RecordCommand(new RecordSubject.Mine(), new RecordPeriod(RecordPeriodKind.Quarter)), CommandParser.Parse("record quarter"));
        Assert.Equal(new RecordCommand(new RecordSubject.Team(), new RecordPeriod(RecordPeriodKind.LastWeek)), CommandParser.Parse("record team last week"));
        Assert.Equal(new RecordCommand(new RecordSubject.Team(), RecordPeriod.Default), CommandParser.Parse("record team"));
        Assert.Equal(new RecordCommand(new RecordSubject.Customer("Lee & Co"), new RecordPeriod(RecordPeriodKind.LastMonth)), CommandParser.Parse("record customer Lee & Co last month"));
        Assert.Equal(new RecordCommand(new RecordSubject.Customer("Acme"), RecordPeriod.Default), CommandParser.Parse("record customer Acme"));
        Assert.Equal(new RecordCommand(new RecordSubject.Everyone(), new RecordPeriod(RecordPeriodKind.Year)), CommandParser.Parse("record all year"));
        Assert.Equal(new RecordCommand(new RecordSubject.Mine(), new RecordPeriod(RecordPeriodKind.Month)), CommandParser.Parse("record this month"));
    }

    [Theory]
    [InlineData("record fortnight", "`fortnight`")]
    [InlineData("record Acme", "`/promise record customer Acme 90d`")]
    [InlineData("record team 0d", "`last week`")]
    [InlineData("record customer", "`/promise record customer Acme`")]
    public void Parse_RefusesUnreadableRecords_WithExamples(string text, string shown)
    {
        var invalid = Assert.IsType<InvalidCommand>(CommandParser.Parse(text));
        Assert.Contains(shown, invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReadsTheDigestSwitch()
    {
        Assert.Equal(new SetDigestCommand(false), CommandParser.Parse("settings digest off"));
        Assert.Equal(new SetDigestCommand(true), CommandParser.Parse("settings digest ON"));
        Assert.IsType<InvalidCommand>(CommandParser.Parse("settings digest sometimes"));
    }

    [Fact]
    public void Parse_ReadsSettings()
    {
        Assert.Equal("Europe/London", Assert.IsType<SetZoneCommand>(CommandParser.Parse("settings zone europe/london")).ZoneId);
        Assert.Null(Assert.IsType<SetZoneCommand>(CommandParser.Parse("settings zone auto")).ZoneId);
        Assert.IsType<InvalidCommand>(CommandParser.Parse("settings zone Mars/Olympus"));
        var hours = Assert.IsType<SetHoursCommand>(CommandParser.Parse("settings hours Sun-Thu 09:00-17:30")).Hours;
        Assert.True(hours.IsWorkingDay(DayOfWeek.Sunday));
        Assert.False(hours.IsWorkingDay(DayOfWeek.Friday));
        Assert.Equal(new TimeOnly(17, 30), hours.End);
        Assert.Equal("maria", Assert.IsType<SetMyManagerCommand>(CommandParser.Parse("settings manager @maria")).ManagerId);
        Assert.Null(Assert.IsType<SetMyManagerCommand>(CommandParser.Parse("settings manager none")).ManagerId);
    }

    [Fact]
    public void Parse_ReadsAdmin()
    {
        var manager = Assert.IsType<AdminSetManagerCommand>(CommandParser.Parse("admin manager <@U1|ana> <@U2>"));
        Assert.Equal(("U1", "U2"), (manager.RepId, manager.ManagerId));
        Assert.IsType<InvalidCommand>(CommandParser.Parse("admin manager @ana @ana"));
        Assert.False(Assert.IsType<AdminSetChannelCommand>(CommandParser.Parse("admin channel")).Clear);
        Assert.True(Assert.IsType<AdminSetChannelCommand>(CommandParser.Parse("admin channel none")).Clear);
        Assert.Equal(DateOrder.DMY, Assert.IsType<AdminSetDateOrderCommand>(CommandParser.Parse("admin dateorder dmy")).Order);
        Assert.IsType<InvalidCommand>(CommandParser.Parse("admin dateorder YMD"));
        var policy = Assert.IsType<AdminPolicyCommand>(CommandParser.Parse("admin policy manager 6h"));
        Assert.Equal(new PolicyDurationSetting(PolicyDuration.ManagerAfter, TimeSpan.FromHours(6)), policy.Setting);
        Assert.Equal(new HeadsUpShareSetting(0.3), Assert.IsType<AdminPolicyCommand>(CommandParser.Parse("admin policy headsup 30%")).Setting);
        Assert.Equal(new PolicyWorkingDaysSetting(PolicyWorkingDays.Snooze, 2), Assert.IsType<AdminPolicyCommand>(CommandParser.Parse("admin policy snooze 2d")).Setting);
        Assert.Null(Assert.IsType<AdminPolicyCommand>(CommandParser.Parse("admin policy")).Setting);
        Assert.IsType<InvalidCommand>(CommandParser.Parse("admin policy manager soon"));
        Assert.IsType<InvalidCommand>(CommandParser.Parse("admin frobnicate"));
    }

    [Fact]
    public void Parse_ReadsCsvImport()
    {
        var import = Assert.IsType<AdminImportCommand>(CommandParser.Parse("admin import rep,manager\n@ana,@maria\n<@U3>,<@U4|lee>"));
        Assert.Equal([("ana", "maria"), ("U3", "U4")], import.Pairs);
        Assert.IsType<InvalidCommand>(CommandParser.Parse("admin import ana;maria,lee,x"));
        Assert.Equal([("U1", "U2"), ("U3", "U4")], Assert.IsType<AdminImportCommand>(CommandParser.Parse("admin import U1, U2\nU3 ,U4")).Pairs);
    }

    [Fact]
    public void Parse_TakesAnImportLongerThanACommand_UpToItsOwnLimit()
    {
        // 1,000 pairs of Slack member ids: about 22 KB, far beyond the 4,000 characters of any other command.
        var thousand = "admin import\nrep,manager\n" + string.Join("\n", Enumerable.Range(0, 1000).Select(i => $"U{i:D9},UM{i % 7:D8}"));
        Assert.True(thousand.Length > CommandParser.MaxCommandLength);
        Assert.Equal(1000, Assert.IsType<AdminImportCommand>(CommandParser.Parse(thousand)).Pairs.Count);

        var tooMany = "admin import\n" + string.Join("\n", Enumerable.Range(0, 1001).Select(i => $"U{i:D9},UM{i % 7:D8}"));
        Assert.Contains("1,000", Assert.IsType<InvalidCommand>(CommandParser.Parse(tooMany)).Message, StringComparison.Ordinal);

        var huge = "admin import\n" + new string('x', CommandParser.MaxImportLength);
        Assert.Contains("too long", Assert.IsType<InvalidCommand>(CommandParser.Parse(huge)).Message, StringComparison.Ordinal);

        var longOther = "admin manager " + new string('x', CommandParser.MaxCommandLength);
        Assert.Contains("too long to be a command", Assert.IsType<InvalidCommand>(CommandParser.Parse(longOther)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RefusesOverlongPromiseAndCustomer()
    {
        var longWhat = new string('x', CommandParser.MaxWhatLength + 1);
        Assert.Contains("500", Assert.IsType<InvalidCommand>(CommandParser.Parse(longWhat + " by Friday")).Message, StringComparison.Ordinal);
        var longCustomer = new string('c', CommandParser.MaxCustomerLength + 1);
        Assert.Contains("100", Assert.IsType<InvalidCommand>(CommandParser.Parse($"send quote for {longCustomer} by Friday")).Message, StringComparison.Ordinal);
        Assert.IsType<InvalidCommand>(CommandParser.Parse(new string('y', CommandParser.MaxCommandLength + 1)));
    }

    [Theory]
    [InlineData("<@U123|ana>", "U123")]
    [InlineData("<@U123>", "U123")]
    [InlineData("@ana", "ana")]
    public void TryReadMention_ReadsPlatformForms(string token, string expected)
    {
        Assert.True(CommandParser.TryReadMention(token, out var id));
        Assert.Equal(expected, id);
    }

    [Theory]
    [InlineData("ana")]
    [InlineData("@")]
    [InlineData("<@>")]
    public void TryReadMention_Refuses_NonMentions(string token) => Assert.False(CommandParser.TryReadMention(token, out _));
}
