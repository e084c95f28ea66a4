using System.Text.Json;
using System.Text.Json.Nodes;
using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Slack.BlockKit;
using CommitmentBot.TestSupport.Away;
using NodaTime;

namespace CommitmentBot.Slack.Tests;

/// <summary>Away, cover and snooze as Slack shows them: the Snooze modal on every nudge, "covering for", the App Home.</summary>
public sealed class SlackAwayTests
{
    private static readonly DateTimeOffset Now = SnoozedPromise.Now;
    private static readonly DateTimeZone NewYork = SnoozedPromise.NewYork;

    private static readonly Commitment Promise = SnoozedPromise.For("T1", "U1");

    private static JsonNode Json<T>(T value) => JsonNode.Parse(JsonSerializer.Serialize(value, typeof(T), SlackJsonContext.Default))!;

    public static TheoryData<LadderStepKind> RepNudges() => [LadderStepKind.HeadsUp, LadderStepKind.Due, LadderStepKind.Overdue, LadderStepKind.RepReminder];

    [Theory]
    [MemberData(nameof(RepNudges))]
    public void EveryRepNudge_HasASnoozeButton_ThatOpensAModalWithTheChoicesAndTheWhyBox(LadderStepKind step)
    {
        var message = CommitmentMessages.ForStep(step, Promise, "Ana", NewYork, Now);
        var json = Json(BlockKitRenderer.RenderMessage(message));

        var snooze = json["blocks"]!.AsArray().Where(b => b!["type"]!.GetValue<string>() == "actions")
            .SelectMany(b => b!["elements"]!.AsArray()).Single(e => e!["action_id"]!.GetValue<string>() == "nudgesnooze:P-7")!;
        var spec = BlockKitRenderer.ReadModalSpec(snooze["value"]!.GetValue<string>());
        Assert.NotNull(spec);
        Assert.Equal([ActionIds.SnoozeForInput, ActionIds.SnoozeAtInput, ActionIds.SnoozeWhyInput], spec.Inputs.Select(i => i.Id));

        var modal = Json(BlockKitRenderer.RenderModal(spec, new ModalState("nudgesnooze:P-7", "C1", "1.1")));
        var elements = modal["blocks"]!.AsArray().Where(b => b!["type"]!.GetValue<string>() == "input").Select(b => b!["element"]!["type"]!.GetValue<string>()).ToList();
        Assert.Equal(["static_select", "plain_text_input", "plain_text_input"], elements);
    }

    [Fact]
    public void TheSnoozedNudge_QuotesTheReason()
    {
        var json = Json(BlockKitRenderer.RenderMessage(CommitmentMessages.ForStep(LadderStepKind.RepReminder, Promise, "Ana", NewYork, Now)));
        Assert.Contains("You snoozed it: “waiting on legal”", json.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), StringComparison.Ordinal);
    }

    [Fact]
    public void TheCover_SeesCoveringForAna_AndTheRepsButtons()
    {
        var message = CommitmentMessages.ForStep(LadderStepKind.AwayWarning, Promise, "Ana", NewYork, Now, details: new StepDetails { CoveringFor = "Ana", AwayUntil = new DateTimeOffset(2026, 12, 15, 5, 0, 0, TimeSpan.Zero) });
        var json = Json(BlockKitRenderer.RenderMessage(message));

        Assert.StartsWith("Covering for Ana: Early warning (not an escalation): Ana is away until Mon 14 Dec", json["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var actions = json["blocks"]!.AsArray().Where(b => b!["type"]!.GetValue<string>() == "actions")
            .SelectMany(b => b!["elements"]!.AsArray()).Select(e => e!["action_id"]!.GetValue<string>()).ToList();
        Assert.Contains("done:P-7", actions);
        Assert.Contains("moretime:P-7", actions);
        Assert.Contains("ack:P-7", actions);
    }

    [Fact]
    public void TheManagersSnooze_OpensAModalWithTheWhyBox()
    {
        var message = CommitmentMessages.ForStep(LadderStepKind.Manager, Promise with { DueAt = Now.AddHours(-4) }, "Ana", NewYork, Now);
        var snooze = Json(BlockKitRenderer.RenderMessage(message))["blocks"]!.AsArray().Where(b => b!["type"]!.GetValue<string>() == "actions")
            .SelectMany(b => b!["elements"]!.AsArray()).Single(e => e!["action_id"]!.GetValue<string>() == "snooze:P-7")!;
        Assert.Equal([ActionIds.SnoozeWhyInput], BlockKitRenderer.ReadModalSpec(snooze["value"]!.GetValue<string>())!.Inputs.Select(i => i.Id));
    }

    [Fact]
    public void TheAppHome_ShowsWhoCovers()
    {
        var list = new OutboundMessage(MessageKind.List, "You're away until Mon 14 Dec, Raj covers. Your open promises, soonest first (1):", [CommitmentMessages.Section(Promise, NewYork, Now, CommitmentMessages.RepButtons(Promise))]);
        var home = Json(BlockKitRenderer.RenderHome(list, Now)).ToJsonString();
        Assert.Contains("away until Mon 14 Dec, Raj covers", home, StringComparison.Ordinal);
    }
}
