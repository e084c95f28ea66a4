using System.Text.Json;
using System.Text.Json.Nodes;
using CommitmentBot.Core.Messages;
using CommitmentBot.Teams.Cards;
using CommitmentBot.Teams.Tests.Fakes;

namespace CommitmentBot.Teams.Tests.Cards;

public sealed class AdaptiveCardRendererTests
{
    private readonly AdaptiveCardRenderer _renderer = new();

    public static TheoryData<MessageKind> Kinds() => [.. Enum.GetValues<MessageKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Render_MakesTeamsCard_ForEveryKind(MessageKind kind)
    {
        var message = SampleMessages.For(kind);

        var card = _renderer.Render(message);

        Assert.Equal("AdaptiveCard", card["type"]!.GetValue<string>());
        Assert.Equal("1.5", card["version"]!.GetValue<string>());
        Assert.Equal("Full", card["msteams"]!["width"]!.GetValue<string>());
        Assert.Equal(message.ToPlainText(), card["fallbackText"]!.GetValue<string>());
        Assert.Equal(message.Text, card["body"]![0]!["text"]!.GetValue<string>());
        Assert.True(AdaptiveCardRenderer.SizeInUtf16Bytes(card) < AdaptiveCardRenderer.MaxCardBytes);
        Assert.Equal(message.AllButtons.Count(), AllActions(card).Count(a => a["type"]!.GetValue<string>() != "Action.ShowCard"));
    }

    [Fact]
    public void Render_PutsInputsInShowCard_WhenButtonSubmitsInputs()
    {
        var card = _renderer.Render(SampleMessages.For(MessageKind.Due));

        var showCard = AllActions(card).Single(a => a["type"]!.GetValue<string>() == "Action.ShowCard");
        Assert.Equal("Need more time…", showCard["title"]!.GetValue<string>());
        var inputs = showCard["card"]!["body"]!.AsArray();
        Assert.Equal(["Input.Date", "Input.Time", "Input.Text"], inputs.Select(i => i!["type"]!.GetValue<string>()));
        Assert.Equal(["1.date", "1.time", "1.note"], inputs.Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal("2026-12-04", inputs[0]!["value"]!.GetValue<string>());
        Assert.True(inputs[0]!["isRequired"]!.GetValue<bool>());
        var submit = showCard["card"]!["actions"]![0]!;
        Assert.Equal("Action.Execute", submit["type"]!.GetValue<string>());
        Assert.Equal("moretime:P-42", submit["verb"]!.GetValue<string>());
        Assert.Equal("moretime:P-42", submit["data"]!["actionId"]!.GetValue<string>());
    }

    [Fact]
    public void Render_KeepsInputIdsUnique_WhenBundleRepeatsInputs()
    {
        var card = _renderer.Render(SampleMessages.For(MessageKind.Bundle));

        var ids = Descendants(card).Where(n => n["type"]?.GetValue<string>().StartsWith("Input.", StringComparison.Ordinal) == true)
            .Select(n => n["id"]!.GetValue<string>()).ToList();
        Assert.Equal(9, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Render_UsesActionSubmit_WhenConfigured()
    {
        var card = new AdaptiveCardRenderer(CardActionStyle.Submit).Render(SampleMessages.For(MessageKind.HeadsUp));

        var submits = AllActions(card).Where(a => a["type"]!.GetValue<string>() == "Action.Submit").ToList();
        Assert.Equal(4, submits.Count);
        Assert.All(submits, s => Assert.NotNull(s["data"]!["actionId"]));
        Assert.DoesNotContain(AllActions(card), a => a["type"]!.GetValue<string>() == "Action.Execute");
    }

    [Fact]
    public void Render_SplitsButtonsIntoRowsOfThree_WhenSectionHasMore()
    {
        var card = _renderer.Render(SampleMessages.For(MessageKind.Playbook));

        var sets = Descendants(card).Where(n => n["type"]?.GetValue<string>() == "ActionSet").ToList();
        Assert.Equal([3, 3, 1], sets.Select(s => s["actions"]!.AsArray().Count));
    }

    [Fact]
    public void Render_ShowsUnclaimedInputsInline_WhenNoButtonSubmitsThem()
    {
        var card = _renderer.Render(SampleMessages.For(MessageKind.Playbook));

        var section = card["body"]![1]!["items"]!.AsArray();
        Assert.Contains(section, item => item!["type"]!.GetValue<string>() == "Input.Text" && item["id"]!.GetValue<string>() == "1.offered");
    }

    [Fact]
    public void Render_DropsSectionsToStayUnder80KB_WhenListIsHuge()
    {
        var message = SampleMessages.List(400);

        var card = _renderer.Render(message);

        Assert.True(AdaptiveCardRenderer.SizeInUtf16Bytes(card) <= AdaptiveCardRenderer.MaxCardBytes);
        var body = card["body"]!.AsArray();
        var shown = body.Count(n => n!["type"]!.GetValue<string>() == "Container");
        Assert.InRange(shown, 10, 399);
        Assert.Equal($"…and {400 - shown} more not shown here.", body[^1]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void ToActivity_SendsCardAlone_SoItKeepsAnId()
    {
        var activity = _renderer.ToActivity(SampleMessages.Created());

        Assert.Equal("message", activity.Type);
        Assert.Null(activity.Text);
        var attachment = Assert.Single(activity.Attachments!);
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.ContentType);
        Assert.Equal("Got it: P-42 for Acme", activity.Summary);
    }

    [Fact]
    public void TryRead_ReturnsActionAndOwnSectionInputs_WhenCardSubmitted()
    {
        using var data = JsonDocument.Parse("""{"actionId":"moretime:P-41","section":"2","1.date":"2026-01-01","2.date":"2026-12-04","2.time":"15:00","2.note":"","flag":true}""");

        Assert.True(CardActionData.TryRead(data.RootElement, null, out var actionId, out var values));

        Assert.Equal("moretime:P-41", actionId);
        Assert.Equal(new Dictionary<string, string> { ["date"] = "2026-12-04", ["time"] = "15:00", ["note"] = "", ["flag"] = "true" }, values);
    }

    [Fact]
    public void TryRead_Fails_WhenNothingNamesAnAction()
    {
        using var data = JsonDocument.Parse("""{"1.date":"2026-12-04"}""");

        Assert.False(CardActionData.TryRead(data.RootElement, null, out _, out _));
    }

    private static IEnumerable<JsonObject> Descendants(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            yield return obj;
            foreach (var child in obj.Select(p => p.Value).OfType<JsonNode>().SelectMany(Descendants))
            {
                yield return child;
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array.OfType<JsonNode>().SelectMany(Descendants))
            {
                yield return child;
            }
        }
    }

    private static IEnumerable<JsonObject> AllActions(JsonNode card) =>
        Descendants(card).Where(n => n["type"]?.GetValue<string>().StartsWith("Action.", StringComparison.Ordinal) == true);
}
