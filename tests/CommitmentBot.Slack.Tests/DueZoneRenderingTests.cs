using System.Text.Json;
using System.Text.Json.Nodes;
using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Time;
using CommitmentBot.Slack.BlockKit;
using CommitmentBot.Slack.Tests.Support;
using CommitmentBot.TestSupport.Due;

namespace CommitmentBot.Slack.Tests;

/// <summary>
/// A promise whose due named the customer's zone, as Slack shows it: the instant in each reader's own zone (Slack's
/// date token) with the named zone beside it, and a Need-more-time modal that takes the new due in words too.
/// </summary>
public sealed class DueZoneRenderingTests
{
    private static readonly DateTimeOffset Now = NamedZonePromise.Now;

    private static readonly Commitment Promise = NamedZonePromise.Commitment;

    private static JsonNode Render(LadderStepKind step) => JsonSerializer.SerializeToNode(
        BlockKitRenderer.RenderMessage(CommitmentMessages.ForStep(step, Promise, "Ana", TimeZones.ResolveOrUtc("America/New_York"), Now)),
        SlackJsonContext.Default.SlackMessage)!;

    private static IEnumerable<string> Texts(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "text" && p.Value is JsonValue v ? [v.GetValue<string>()] : Texts(p.Value!)),
        JsonArray a => a.SelectMany(i => Texts(i!)),
        _ => [],
    };

    [Theory]
    [InlineData(LadderStepKind.HeadsUp)]
    [InlineData(LadderStepKind.Due)]
    [InlineData(LadderStepKind.Overdue)]
    public void TheDue_IsDrawnInTheReadersZone_WithTheNamedZoneBesideIt(LadderStepKind step)
    {
        var json = Render(step);

        var due = Assert.Single(Texts(json), t => t.StartsWith("*Due*\n", StringComparison.Ordinal));
        Assert.Equal(
            $"*Due*\n<!date^{Promise.DueAt.ToUnixTimeSeconds()}^{{date_short_pretty}} {{time}}|Fri 27 Nov, 9:00 AM EST (3:00 PM CET) — in 2 days> (3:00 PM CET)",
            due);
        Assert.Empty(BlockKitLimits.Check(json, Surface.Message));
    }

    /// <summary>9.12: the overdue nudge's playbook carries the draft for a late promise, in the customer's zone, as a quote.</summary>
    [Fact]
    public void TheOverduePlaybook_QuotesTheLateDraft_InTheCustomersZone()
    {
        var json = JsonSerializer.SerializeToNode(
            BlockKitRenderer.RenderMessage(CommitmentMessages.ForStep(LadderStepKind.Overdue, Promise, "Ana", TimeZones.ResolveOrUtc("America/New_York"), Promise.DueAt.AddHours(2))),
            SlackJsonContext.Default.SlackMessage)!;

        var step = Assert.Single(Texts(json), t => t.StartsWith("*☐ Customer told*\n", StringComparison.Ordinal));
        Assert.EndsWith(
            "\n\nDraft:\n&gt; Hi Acme team, I said I would send the Q3 deck by Fri 27 Nov, 3:00 PM CET, and it is now 2 hours late. That is on me, "
                + "and I want you to hear it from me rather than find out. I'm working out the options and will come back to you by the end of "
                + "today with a firm plan and a date I can keep. — Ana",
            step,
            StringComparison.Ordinal);
        Assert.Empty(BlockKitLimits.Check(json, Surface.Message));
    }

    [Fact]
    public void TheDue_HasNothingBesideIt_WhenNoZoneWasNamed()
    {
        var json = JsonSerializer.SerializeToNode(
            BlockKitRenderer.RenderMessage(CommitmentMessages.ForStep(LadderStepKind.Due, Promise with { DueZone = null }, "Ana", TimeZones.ResolveOrUtc("America/New_York"), Now)),
            SlackJsonContext.Default.SlackMessage)!;

        Assert.Contains(Texts(json), t => t.StartsWith("*Due*\n<!date^", StringComparison.Ordinal) && t.EndsWith("— in 2 days>", StringComparison.Ordinal));
    }

    [Fact]
    public void TheNeedMoreTimeModal_TakesTheNewDueInWords()
    {
        var message = CommitmentMessages.ForStep(LadderStepKind.Due, Promise, "Ana", TimeZones.ResolveOrUtc("America/New_York"), Now);
        var button = BlockKitRenderer.RenderMessage(message).Blocks.OfType<ActionsBlock>().SelectMany(b => b.Elements).OfType<ButtonElement>()
            .Single(b => b.ActionId == "moretime:P-3");
        var spec = BlockKitRenderer.ReadModalSpec(button.Value)!;

        var json = JsonSerializer.SerializeToNode(BlockKitRenderer.RenderModal(spec, new ModalState("moretime:P-3", "D1", "1.2", null)), SlackJsonContext.Default.SlackView)!;

        Assert.Empty(BlockKitLimits.Check(json, Surface.Modal));
        var inputs = json["blocks"]!.AsArray().Where(b => b!["type"]!.GetValue<string>() == "input").ToList();
        Assert.Equal([ActionIds.DateInput, ActionIds.TimeInput, ActionIds.WhenInput], inputs.Select(i => i!["block_id"]!.GetValue<string>()));
        Assert.Equal("datepicker", inputs[0]!["element"]!["type"]!.GetValue<string>());
        Assert.Equal("2026-11-27", inputs[0]!["element"]!["initial_date"]!.GetValue<string>());
        Assert.Equal("plain_text_input", inputs[2]!["element"]!["type"]!.GetValue<string>());
        Assert.True(inputs[2]!["optional"]!.GetValue<bool>());
        Assert.Equal(CommitmentMessages.WhenInputLabel, inputs[2]!["label"]!["text"]!.GetValue<string>());
    }
}
