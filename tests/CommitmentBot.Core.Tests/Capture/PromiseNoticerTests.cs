using CommitmentBot.Core.Capture;
using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.TestSupport.Stores;
using Xunit;

namespace CommitmentBot.Core.Tests.Capture;

/// <summary>Noticing promises: opt-in, a private note with Track / Not a promise, a 30-day mute per author and channel, nothing stored.</summary>
public sealed class PromiseNoticerTests
{
    private const string Ws = "T1";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 14, 0, 0, TimeSpan.Zero);

    private readonly CommandHarness harness = new(
        Now,
        new Person { WorkspaceId = Ws, UserId = "ana", DisplayName = "Ana", TimeZone = "America/New_York", IsAdmin = true });

    private static CapturedMessage Posted(string text, string channel = "C1", string author = "ana") =>
        new("test", Ws, channel, "m-" + text.Length, author, text, "https://example.test/m/1");

    private async Task NoticeOn() => Assert.NotEqual(MessageKind.Error, (await harness.SayAsync(Ws, "ana", "admin policy notice on")).Kind);

    [Fact]
    public async Task Notice_IsSilent_WhenTheWorkspaceHasNotOptedIn()
    {
        Assert.Null(await harness.Noticer.NoticeAsync(Posted("I'll send Acme the revised quote by Friday 6pm"), default));
    }

    [Fact]
    public async Task Notice_WritesTheNoteOfSpec_WithTrackAndNotAPromise()
    {
        await NoticeOn();

        var note = await harness.Noticer.NoticeAsync(Posted("I'll send Acme the revised quote by Friday 6pm"), default);

        Assert.NotNull(note);
        Assert.Equal("Looks like you promised Acme the revised quote by Fri 4 Dec, 6:00 PM EST. Track it?", note.Text);
        Assert.Equal(["Track", "Not a promise"], note.AllButtons.Select(b => b.Label));
        Assert.Equal(ActionIds.For(ActionIds.NotAPromise, "C1"), note.AllButtons.Last().ActionId);
    }

    [Theory]
    [InlineData("can you send me the PO by Friday?")]
    [InlineData("the meeting is Friday at 3pm")]
    [InlineData("I'll take a look")]
    [InlineData("lunch?")]
    public async Task Notice_IsSilent_ForMessagesThatAreNoPromise(string text)
    {
        await NoticeOn();

        Assert.Null(await harness.Noticer.NoticeAsync(Posted(text), default));
    }

    [Fact]
    public async Task Track_CreatesThePromiseAsTheShortcutWould_AndNothingIsStoredBefore()
    {
        await NoticeOn();
        var note = await harness.Noticer.NoticeAsync(Posted("we will have the unit shipped before EOD tomorrow"), default);
        Assert.Empty(await harness.Stores.ListActiveByOwnersAsync(Ws, ["ana"], 10, default));
        Assert.Equal(0, harness.Mutes.Count);

        var track = note!.AllButtons.First();
        var values = note.Sections[0].Inputs.Where(i => track.InputIds!.Contains(i.Id) && i.Initial is not null).ToDictionary(i => i.Id, i => i.Initial!);
        var reply = await harness.ClickAsync(Ws, "ana", track.ActionId, values);

        Assert.Equal(MessageKind.Created, reply.Kind);
        var saved = Assert.Single(await harness.Stores.ListActiveByOwnersAsync(Ws, ["ana"], 10, default));
        Assert.Equal("https://example.test/m/1", saved.SourceLink);
    }

    [Fact]
    public async Task NotAPromise_MutesThatAuthorInThatChannel_For30Days()
    {
        await NoticeOn();
        var promise = "I'll send Acme the revised quote by Friday 6pm";
        var note = await harness.Noticer.NoticeAsync(Posted(promise), default);

        var reply = await harness.ClickAsync(Ws, "ana", note!.AllButtons.Last().ActionId);

        Assert.Contains("30 days", reply.Text, StringComparison.Ordinal);
        Assert.Null(await harness.Noticer.NoticeAsync(Posted(promise), default));
        Assert.NotNull(await harness.Noticer.NoticeAsync(Posted(promise, channel: "C2"), default));

        harness.Clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));
        Assert.NotNull(await harness.Noticer.NoticeAsync(Posted("I'll send Acme the revised quote by Friday next week"), default));
    }

    [Fact]
    public async Task NotAPromise_SaysSo_WhenTheRunnerHasNoMuteStore()
    {
        var runner = new CommandRunner(harness.Stores, harness.Stores, harness.Stores, harness.Stores, harness.Clock);

        var reply = await runner.HandleAsync(new ChatRequest { Platform = "test", WorkspaceId = Ws, UserId = "ana", Action = new ChatAction("notapromise:C1", new Dictionary<string, string>()) }, default);

        Assert.Equal(MessageKind.Error, reply.Kind);
    }
}
