using System.Text.Json.Nodes;
using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Teams.Cards;
using CommitmentBot.TestSupport.Away;
using NodaTime;

namespace CommitmentBot.Teams.Tests.Cards;

/// <summary>Away, cover and snooze as Teams shows them: Snooze… on every nudge, "covering for", the manager's reason box.</summary>
public sealed class TeamsAwayTests
{
    private static readonly DateTimeOffset Now = SnoozedPromise.Now;
    private static readonly DateTimeZone NewYork = SnoozedPromise.NewYork;
    private readonly AdaptiveCardRenderer renderer = new();

    private static readonly Commitment Promise = SnoozedPromise.For("tenant", "aad-ana");

    private static IEnumerable<JsonObject> Descendants(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                yield return o;
                foreach (var (_, child) in o)
                {
                    foreach (var d in Descendants(child))
                    {
                        yield return d;
                    }
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    foreach (var d in Descendants(child))
                    {
                        yield return d;
                    }
                }

                break;
        }
    }

    public static TheoryData<LadderStepKind> RepNudges() => [LadderStepKind.HeadsUp, LadderStepKind.Due, LadderStepKind.Overdue, LadderStepKind.RepReminder];

    [Theory]
    [MemberData(nameof(RepNudges))]
    public void EveryRepNudge_HasSnooze_WithTheChoicesAndTheWhyBox(LadderStepKind step)
    {
        var card = renderer.Render(CommitmentMessages.ForStep(step, Promise, "Ana", NewYork, Now));

        var showCard = Descendants(card).Single(n => n["type"]?.GetValue<string>() == "Action.ShowCard"
            && Descendants(n["card"]).Any(a => a["data"]?["actionId"]?.GetValue<string>() == "nudgesnooze:P-7"));
        var inputs = showCard["card"]!["body"]!.AsArray().Select(i => (i!["type"]!.GetValue<string>(), i["id"]!.GetValue<string>())).ToList();
        Assert.Equal(
            [("Input.ChoiceSet", "1." + ActionIds.SnoozeForInput), ("Input.Text", "1." + ActionIds.SnoozeAtInput), ("Input.Text", "1." + ActionIds.SnoozeWhyInput)],
            inputs);
        Assert.True(AdaptiveCardRenderer.SizeInUtf16Bytes(card) < AdaptiveCardRenderer.MaxCardBytes);
    }

    [Fact]
    public void TheCover_SeesCoveringForAna_AndCanAct()
    {
        var message = CommitmentMessages.ForStep(LadderStepKind.AwayWarning, Promise, "Ana", NewYork, Now, details: new StepDetails { CoveringFor = "Ana", AwayUntil = new DateTimeOffset(2026, 12, 15, 5, 0, 0, TimeSpan.Zero) });
        var card = renderer.Render(message);

        Assert.Equal("Covering for Ana: Early warning (not an escalation): Ana is away until Mon 14 Dec; P-7 for Acme falls due Thu 10 Dec 6:00 PM.", card["body"]![0]!["text"]!.GetValue<string>());
        var verbs = Descendants(card).Select(n => n["data"]?["actionId"]?.GetValue<string>()).OfType<string>().ToList();
        Assert.Contains("done:P-7", verbs);
        Assert.Contains("ack:P-7", verbs);
    }

    [Fact]
    public void TheManagersSnooze_TakesAReason()
    {
        var card = renderer.Render(CommitmentMessages.ForStep(LadderStepKind.Manager, Promise with { DueAt = Now.AddHours(-4) }, "Ana", NewYork, Now));
        var showCard = Descendants(card).Single(n => n["type"]?.GetValue<string>() == "Action.ShowCard"
            && Descendants(n["card"]).Any(a => a["data"]?["actionId"]?.GetValue<string>() == "snooze:P-7"));
        Assert.Equal("1." + ActionIds.SnoozeWhyInput, showCard["card"]!["body"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public void TheSnoozedNudge_QuotesTheReason() =>
        Assert.EndsWith("You snoozed it: “waiting on legal”.", renderer.Render(CommitmentMessages.ForStep(LadderStepKind.RepReminder, Promise, "Ana", NewYork, Now))["body"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
}
