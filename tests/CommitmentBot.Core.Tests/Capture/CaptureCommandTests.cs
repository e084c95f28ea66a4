using CommitmentBot.Core.Capture;
using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Time;
using CommitmentBot.TestSupport.Stores;
using NodaTime;
using Xunit;

namespace CommitmentBot.Core.Tests.Capture;

/// <summary>The "Track as a promise" form: prefilled from the message, submitted through the same path as <c>/promise</c>.</summary>
public sealed class CaptureCommandTests
{
    private const string Ws = "T1";

    // Tuesday 1 Dec 2026, 09:00 in New York.
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 14, 0, 0, TimeSpan.Zero);

    private readonly CommandHarness harness = new(Now, new Person { WorkspaceId = Ws, UserId = "ana", DisplayName = "Ana", TimeZone = "America/New_York", IsAdmin = true });

    private static DueContext At => new(Now, DateTimeZoneProviders.Tzdb["America/New_York"], DateOrder.MDY, WorkingHours.Default);

    private static CapturedMessage Message(string text, string? external = null) =>
        new("test", Ws, "C1", "1733000000.000100", "ana", text, "https://acme.slack.com/archives/C1/p1733000000000100", external);

    private Task<OutboundMessage> Submit(Dictionary<string, string> values, string? requestId = "view-1") =>
        harness.Runner.HandleAsync(new ChatRequest { Platform = "test", WorkspaceId = Ws, UserId = "ana", ClientRequestId = requestId, Action = new ChatAction(CaptureForm.SubmitActionId, values) }, default);

    private static Dictionary<string, string> ValuesOf(OutboundMessage form) =>
        form.Sections[0].Inputs.Where(i => i.Initial is not null).ToDictionary(i => i.Id, i => i.Initial!);

    [Fact]
    public void Build_PrefillsTheSentenceTheCustomerTheDueAndTheLink()
    {
        var form = CaptureForm.Build(CaptureForm.Read(Message("Great call! I'll send Globex the revised quote by Friday 3pm. Talk soon"), At, []));

        var values = ValuesOf(form);
        Assert.Equal("I'll send Globex the revised quote by Friday 3pm.", values[ActionIds.TextInput]);
        Assert.Equal("Globex", values[ActionIds.CustomerInput]);
        Assert.Equal("by Friday 3pm", values[ActionIds.WhenInput]);
        Assert.Equal("https://acme.slack.com/archives/C1/p1733000000000100", values[ActionIds.LinkInput]);
        Assert.Equal(CaptureForm.SubmitActionId, Assert.Single(form.AllButtons).ActionId);
    }

    [Fact]
    public void Read_PrefersTheChannelsExternalOrganisation_OverANameInTheText()
    {
        var prefill = CaptureForm.Read(Message("I'll send Globex the quote by Friday", external: "Acme Corp"), At, ["Initech"]);

        Assert.Equal("Acme Corp", prefill.Customer);
    }

    [Fact]
    public void Build_OffersTheRepsRecentCustomers_WhenNoCustomerIsFound()
    {
        var form = CaptureForm.Build(CaptureForm.Read(Message("ok will do the deck by tomorrow"), At, ["Initech", "Umbrella"]));

        var customer = form.Sections[0].Inputs.Single(i => i.Id == ActionIds.CustomerInput);
        Assert.Equal(InputKind.Choice, customer.Kind);
        Assert.Equal(["Initech", "Umbrella"], customer.Choices!.Select(c => c.Key));
    }

    [Fact]
    public void Read_UsesTheWholeMessage_WhenNoSentenceHoldsAPromise()
    {
        var prefill = CaptureForm.Read(Message("  pricing deck for the board  "), At, []);

        Assert.Equal("pricing deck for the board", prefill.What);
        Assert.Equal("", prefill.When);
    }

    [Fact]
    public async Task Submit_CreatesThePromiseLikeACommand_AndKeepsTheLink()
    {
        var form = CaptureForm.Build(CaptureForm.Read(Message("I'll send Globex the revised quote by Friday 3pm"), At, []));

        var reply = await Submit(ValuesOf(form));

        Assert.Equal(MessageKind.Created, reply.Kind);
        var saved = await harness.Stores.FindByNumberAsync(Ws, 1, default);
        Assert.NotNull(saved);
        Assert.Equal("Globex", saved.Customer);
        Assert.Equal("ana", saved.OwnerId);
        Assert.Equal(DueTimeParser.Parse("Friday 3pm", At).Due, saved.DueAt);
        Assert.Equal("https://acme.slack.com/archives/C1/p1733000000000100", saved.SourceLink);
        Assert.Contains(reply.Sections[0].Facts, f => f.Label == CommitmentMessages.SourceLinkLabel && f.Value == saved.SourceLink);
    }

    [Fact]
    public async Task Submit_IsIdempotent_OnTheSameSubmission()
    {
        var values = ValuesOf(CaptureForm.Build(CaptureForm.Read(Message("I'll send the SOW by Thursday"), At, [])));

        await Submit(values, "view-9");
        await Submit(values, "view-9");

        Assert.Single(await harness.Stores.ListActiveByOwnersAsync(Ws, ["ana"], 10, default));
    }

    [Fact]
    public async Task LaterMessages_ShowTheLinkBack()
    {
        await Submit(ValuesOf(CaptureForm.Build(CaptureForm.Read(Message("I'll send the SOW by Thursday"), At, []))));

        var list = await harness.SayAsync(Ws, "ana", "list");

        Assert.Contains("https://acme.slack.com/archives/C1/p1733000000000100", list.ToPlainText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "by Friday", null, "Say what you promised")]
    [InlineData("send the quote", "", null, "By when?")]
    [InlineData("send the quote", "by Feb 30", null, "30 February")]
    [InlineData("send the quote", "by Friday", "javascript:alert(1)", "link")]
    public async Task Submit_SavesNothing_AndSaysWhy_WhenAnInputIsBad(string what, string when, string? link, string expected)
    {
        var values = new Dictionary<string, string> { [ActionIds.TextInput] = what, [ActionIds.WhenInput] = when };
        if (link is not null)
        {
            values[ActionIds.LinkInput] = link;
        }

        var reply = await Submit(values);

        Assert.Equal(MessageKind.Error, reply.Kind);
        Assert.Contains(expected, reply.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await harness.Stores.ListActiveByOwnersAsync(Ws, ["ana"], 10, default));
    }

    [Fact]
    public async Task NotAPromise_ClearsTheWorkspacesMutesThatRanOut_AndKeepsLiveOnes()
    {
        await harness.Mutes.MuteAsync(Ws, "C-old", "ana", Now.AddDays(-1), default);
        await harness.Mutes.MuteAsync(Ws, "C-live", "bo", Now.AddDays(3), default);
        await harness.Mutes.MuteAsync("T-other", "C-old", "ana", Now.AddDays(-1), default);

        var reply = await harness.Runner.HandleAsync(new ChatRequest { Platform = "test", WorkspaceId = Ws, UserId = "ana", Action = new ChatAction("notapromise:C1", new Dictionary<string, string>()) }, default);

        Assert.Contains("30 days", reply.ToPlainText(), StringComparison.Ordinal);
        Assert.Equal(3, harness.Mutes.Count); // C1 (new), C-live, and the other workspace's (not this workspace's to clear)
        Assert.True(await harness.Mutes.IsMutedAsync(Ws, "C1", "ana", Now, default));
        Assert.True(await harness.Mutes.IsMutedAsync(Ws, "C-live", "bo", Now, default));
    }

    [Fact]
    public async Task AdminPolicyNotice_TurnsNoticingOnAndOff()
    {
        var on = await harness.SayAsync(Ws, "ana", "admin policy notice on");
        Assert.NotEqual(MessageKind.Error, on.Kind);
        Assert.True((await ((IWorkspaceStore)harness.Stores).FindAsync(Ws, default))!.Policy.NoticePromises);
        Assert.Contains("notice: on", (await harness.SayAsync(Ws, "ana", "admin policy")).ToPlainText(), StringComparison.Ordinal);

        await harness.SayAsync(Ws, "ana", "admin policy notice off");
        Assert.False((await ((IWorkspaceStore)harness.Stores).FindAsync(Ws, default))!.Policy.NoticePromises);

        var bad = await harness.SayAsync(Ws, "ana", "admin policy notice maybe");
        Assert.Equal(MessageKind.Error, bad.Kind);
    }
}
