using System.Text.Json.Nodes;
using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Time;
using CommitmentBot.Teams.Cards;
using CommitmentBot.TestSupport.Due;

namespace CommitmentBot.Teams.Tests.Cards;

/// <summary>
/// A promise whose due named the customer's zone, as a Teams card shows it: the due in the reader's zone and the
/// named one side by side, and a Need-more-time card that takes the new due in words too.
/// </summary>
public sealed class DueZoneCardTests
{
    private static readonly DateTimeOffset Now = NamedZonePromise.Now;

    private static readonly Commitment Promise = NamedZonePromise.Commitment;

    private readonly AdaptiveCardRenderer renderer = new();

    private JsonObject Card(string readerZone) =>
        renderer.Render(CommitmentMessages.ForStep(LadderStepKind.Due, Promise, "Ana", TimeZones.ResolveOrUtc(readerZone), Now));

    [Theory]
    [InlineData("America/New_York", "Fri 27 Nov, 9:00 AM EST (3:00 PM CET) — in 2 days")]
    [InlineData("Asia/Tokyo", "Fri 27 Nov, 11:00 PM JST (3:00 PM CET) — in 2 days")]
    [InlineData("America/Los_Angeles", "Fri 27 Nov, 6:00 AM PST (3:00 PM CET) — in 2 days")]
    [InlineData("Pacific/Auckland", "Sat 28 Nov, 3:00 AM NZDT (Fri 27 Nov, 3:00 PM CET) — in 2 days")]
    [InlineData("Europe/Berlin", "Fri 27 Nov, 3:00 PM CET — in 2 days")]
    public void TheDueFact_ShowsTheReadersZoneAndTheNamedOne(string readerZone, string expected)
    {
        var facts = Descendants(Card(readerZone)).Where(n => n["type"]?.GetValue<string>() == "FactSet").SelectMany(f => f["facts"]!.AsArray());

        var due = Assert.Single(facts, f => f!["title"]!.GetValue<string>() == "Due");
        Assert.Equal(expected, due!["value"]!.GetValue<string>());
    }

    /// <summary>9.12: the customer draft in a card is a shaded box holding only the draft (no "&gt;" to copy), for the state now.</summary>
    [Fact]
    public void TheOverduePlaybook_ShowsTheLateDraft_InABoxOfItsOwn()
    {
        var card = renderer.Render(CommitmentMessages.ForStep(LadderStepKind.Overdue, Promise, "Ana", TimeZones.ResolveOrUtc("America/New_York"), Promise.DueAt.AddHours(2)));

        var box = Assert.Single(Descendants(card), n => n["type"]?.GetValue<string>() == "Container" && n["style"]?.GetValue<string>() == "emphasis");
        Assert.Equal(
            "Hi Acme team, I said I would send the Q3 deck by Fri 27 Nov, 3:00 PM CET, and it is now 2 hours late. That is on me, "
                + "and I want you to hear it from me rather than find out. I'm working out the options and will come back to you by the end of "
                + "today with a firm plan and a date I can keep. — Ana",
            Assert.Single(box["items"]!.AsArray())!["text"]!.GetValue<string>());
        Assert.Contains(Descendants(card), n => n["type"]?.GetValue<string>() == "TextBlock" && n["text"]!.GetValue<string>().EndsWith("Copy the draft below, adjust it, send it.\n\nDraft:", StringComparison.Ordinal));
        Assert.DoesNotContain(Descendants(card), n => n["type"]?.GetValue<string>() == "TextBlock" && n["text"]!.GetValue<string>().Contains("> Hi", StringComparison.Ordinal));
    }

    [Fact]
    public void TheNeedMoreTimeCard_TakesTheNewDueInWords()
    {
        var showCard = Descendants(Card("America/New_York")).Single(n => n["type"]?.GetValue<string>() == "Action.ShowCard" && n["title"]!.GetValue<string>() == "Need more time…");

        var inputs = showCard["card"]!["body"]!.AsArray();
        Assert.Equal(["Input.Date", "Input.Time", "Input.Text"], inputs.Select(i => i!["type"]!.GetValue<string>()));
        Assert.Equal(["1.date", "1.time", "1.when"], inputs.Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal(CommitmentMessages.WhenInputLabel, inputs[2]!["label"]!.GetValue<string>());
        Assert.Equal("2026-11-27", inputs[0]!["value"]!.GetValue<string>());
        Assert.Equal("09:00", inputs[1]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void TheCard_ReadsBackTheWords_WhenSubmitted()
    {
        using var data = System.Text.Json.JsonDocument.Parse("""{"actionId":"moretime:P-3","section":"1","1.date":"2026-11-27","1.time":"09:00","1.when":"next Tuesday 3pm ET"}""");

        Assert.True(CardActionData.TryRead(data.RootElement, null, out var actionId, out var values));

        Assert.Equal("moretime:P-3", actionId);
        Assert.Equal("next Tuesday 3pm ET", values[ActionIds.WhenInput]);
    }

    private static IEnumerable<JsonObject> Descendants(JsonNode node) => node switch
    {
        JsonObject obj => new[] { obj }.Concat(obj.Select(p => p.Value).OfType<JsonNode>().SelectMany(Descendants)),
        JsonArray array => array.OfType<JsonNode>().SelectMany(Descendants),
        _ => [],
    };
}
