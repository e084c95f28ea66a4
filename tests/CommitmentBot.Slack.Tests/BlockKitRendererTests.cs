using System.Text.Json;
using System.Text.Json.Nodes;
using CommitmentBot.Core.Messages;
using CommitmentBot.Slack.BlockKit;
using CommitmentBot.Slack.Tests.Support;
using CommitmentBot.TestSupport.Slack;
using CommitmentBot.TestSupport.Stores;

namespace CommitmentBot.Slack.Tests;

public sealed class BlockKitRendererTests
{
    private static readonly DateTimeOffset Due = new(2026, 12, 4, 23, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<MessageKind> Kinds => new(Enum.GetValues<MessageKind>());

    private static JsonNode Json(SlackMessage message) => JsonSerializer.SerializeToNode(message, SlackJsonContext.Default.SlackMessage)!;

    private static JsonNode Json(SlackView view) => JsonSerializer.SerializeToNode(view, SlackJsonContext.Default.SlackView)!;

    private static MessageSection Commitment(int n, string? text = "Send the Q3 deck") => new(
        $"P-{n} · Acme",
        text,
        [new MessageFact("Due", "Fri 4 Dec, 3:00 PM PST — in 3 days", Due), new MessageFact("Status", "open")],
        [
            new MessageButton($"done:P-{n}", "Done", ButtonStyle.Primary),
            new MessageButton($"moretime:P-{n}", "Need more time", InputIds: [ActionIds.DateInput, ActionIds.TimeInput]),
            new MessageButton($"missed:P-{n}", "Missed", ButtonStyle.Danger),
        ],
        [new MessageInput(ActionIds.DateInput, InputKind.Date, "New date", "2026-12-08", Required: true), new MessageInput(ActionIds.TimeInput, InputKind.Time, "Time", "15:00")],
        $"P-{n}");

    private static IEnumerable<string> Texts(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "text" && p.Value is JsonValue v ? [v.GetValue<string>()] : Texts(p.Value!)),
        JsonArray a => a.SelectMany(i => Texts(i!)),
        _ => [],
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void RenderMessage_StaysWithinBlockKitLimits_ForEveryKind(MessageKind kind)
    {
        var message = new OutboundMessage(kind, "Headline for " + kind, [Commitment(1), Commitment(2, text: null), MessageSection.FromText("A note")]);

        var json = Json(BlockKitRenderer.RenderMessage(message));

        Assert.Empty(BlockKitLimits.Check(json, Surface.Message));
        Assert.Equal("Headline for " + kind, json["text"]!.GetValue<string>());
        Assert.Contains(Texts(json), t => t.Contains("Headline for " + kind, StringComparison.Ordinal));
        Assert.Contains(Texts(json), t => t.Contains("P-2 · Acme", StringComparison.Ordinal));
        Assert.Contains(Texts(json), t => t == "A note");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void RenderHome_StaysWithinBlockKitLimits_ForEveryKind(MessageKind kind)
    {
        var json = Json(BlockKitRenderer.RenderHome(new OutboundMessage(kind, "Your promises", [Commitment(1)]), Now));

        Assert.Empty(BlockKitLimits.Check(json, Surface.Home));
        Assert.Equal("home", json["type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(MessageKind.HeadsUp, "header")]
    [InlineData(MessageKind.ManagerEscalation, "header")]
    [InlineData(MessageKind.Reply, "section")]
    [InlineData(MessageKind.Error, "section")]
    public void RenderMessage_ShowsTheHeadlineAsHeaderOrProse(MessageKind kind, string blockType)
    {
        var json = Json(BlockKitRenderer.RenderMessage(OutboundMessage.Plain("Heads up", kind)));

        Assert.Equal(blockType, json["blocks"]![0]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void RenderMessage_ShowsButtonsWithActionIdsAndStyles()
    {
        var json = Json(BlockKitRenderer.RenderMessage(new OutboundMessage(MessageKind.Due, "Due now", [Commitment(3)])));

        var buttons = json["blocks"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "actions")!["elements"]!.AsArray();
        Assert.Equal(["done:P-3", "moretime:P-3", "missed:P-3"], buttons.Select(b => b!["action_id"]!.GetValue<string>()));
        Assert.Equal("primary", buttons[0]!["style"]!.GetValue<string>());
        Assert.Null(buttons[1]!["style"]);
        Assert.Equal("danger", buttons[2]!["style"]!.GetValue<string>());
        Assert.Null(buttons[0]!["value"]);
        Assert.StartsWith(BlockKitRenderer.ModalValuePrefix, buttons[1]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void RenderMessage_EscapesUserTextInMrkdwn()
    {
        var message = new OutboundMessage(MessageKind.Error, "Can't read <due> & co", [new MessageSection("Smith & <Sons>", "*deal* <!channel> <@U1>", [new MessageFact("Customer", "A&B <x>")], [], [])]);

        var json = Json(BlockKitRenderer.RenderMessage(message));
        var texts = Texts(json).ToList();

        Assert.Equal("Can't read &lt;due&gt; &amp; co", json["text"]!.GetValue<string>());
        Assert.Contains(texts, t => t.Contains("*Smith &amp; &lt;Sons&gt;*\n*deal* &lt;!channel&gt; &lt;@U1&gt;", StringComparison.Ordinal));
        Assert.Contains(texts, t => t == "*Customer*\nA&amp;B &lt;x&gt;");
        Assert.DoesNotContain(texts, t => t.Contains("<!channel>", StringComparison.Ordinal));
    }

    [Fact]
    public void RenderMessage_ShowsInstantsInEachReadersZone()
    {
        var json = Json(BlockKitRenderer.RenderMessage(new OutboundMessage(MessageKind.Created, "Recorded", [Commitment(1)])));

        Assert.Contains(Texts(json), t => t == $"*Due*\n<!date^{Due.ToUnixTimeSeconds()}^{{date_short_pretty}} {{time}}|Fri 4 Dec, 3:00 PM PST — in 3 days>");
    }

    [Fact]
    public void RenderMessage_TruncatesLongListsWithAMarker()
    {
        var sections = Enumerable.Range(1, 60).Select(n => Commitment(n)).ToList();

        var json = Json(BlockKitRenderer.RenderMessage(new OutboundMessage(MessageKind.List, "Your open promises (60)", sections)));

        Assert.Empty(BlockKitLimits.Check(json, Surface.Message));
        var blocks = json["blocks"]!.AsArray();
        var marker = Texts(blocks[^1]!).Single();
        Assert.Equal("context", blocks[^1]!["type"]!.GetValue<string>());
        var shown = Texts(json).Count(t => t.StartsWith("*P-", StringComparison.Ordinal));
        Assert.Contains($"and {60 - shown} more not shown", marker, StringComparison.Ordinal);
        Assert.Contains($"showing {shown} of 60", marker, StringComparison.Ordinal);
        Assert.True(shown >= 20, $"only {shown} shown");
    }

    [Fact]
    public void RenderHome_FitsMoreThanAMessage_AndMarksTheRest()
    {
        var sections = Enumerable.Range(1, 80).Select(n => Commitment(n)).ToList();
        var list = new OutboundMessage(MessageKind.List, "Your open promises (80)", sections);

        var home = Json(BlockKitRenderer.RenderHome(list, Now));
        var message = Json(BlockKitRenderer.RenderMessage(list));

        Assert.Empty(BlockKitLimits.Check(home, Surface.Home));
        var shownInHome = Texts(home).Count(t => t.StartsWith("*P-", StringComparison.Ordinal));
        var shownInMessage = Texts(message).Count(t => t.StartsWith("*P-", StringComparison.Ordinal));
        Assert.True(shownInHome > shownInMessage);
        Assert.Contains(Texts(home), t => t.Contains("more not shown", StringComparison.Ordinal));
    }

    [Fact]
    public void RenderMessage_CutsLongTextWithAnEllipsis()
    {
        var longText = string.Concat(Enumerable.Repeat("word & ", 1000));
        var message = new OutboundMessage(MessageKind.Help, longText, [new MessageSection(longText, longText, [new MessageFact("Note", longText)], [new MessageButton("ack:P-1", new string('x', 200))], [])]);

        var json = Json(BlockKitRenderer.RenderMessage(message));

        Assert.Empty(BlockKitLimits.Check(json, Surface.Message));
        Assert.EndsWith("…", json["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All(Texts(json["blocks"]!).Where(t => t.Length > 100), t => Assert.EndsWith("…", t, StringComparison.Ordinal));
        Assert.All(Texts(json), t => Assert.DoesNotMatch("&[a-z]*…", t));
    }

    [Fact]
    public void RenderMessage_TurnsALongHeadlineIntoProse()
    {
        var headline = new string('h', 200);

        var json = Json(BlockKitRenderer.RenderMessage(OutboundMessage.Plain(headline, MessageKind.Overdue)));

        Assert.Equal("section", json["blocks"]![0]!["type"]!.GetValue<string>());
        Assert.Empty(BlockKitLimits.Check(json, Surface.Message));
    }

    [Fact]
    public void RenderMessage_SplitsManyFactsAndButtons()
    {
        var facts = Enumerable.Range(1, 45).Select(i => new MessageFact("Fact " + i, "value " + i)).ToList();
        var buttons = Enumerable.Range(1, 30).Select(i => new MessageButton($"pb-step{i}:P-1", "Step " + i)).ToList();
        buttons.Add(new MessageButton("pb-step1:P-1", "Duplicate"));
        buttons.Add(new MessageButton("x:" + new string('9', 300), "Too long"));

        var json = Json(BlockKitRenderer.RenderMessage(new OutboundMessage(MessageKind.Playbook, "Playbook", [new MessageSection("P-1", null, facts, buttons, [])])));

        Assert.Empty(BlockKitLimits.Check(json, Surface.Message));
        var blocks = json["blocks"]!.AsArray();
        Assert.Equal(2, blocks.Count(b => b!["type"]!.GetValue<string>() == "actions"));
        Assert.Equal(30, blocks.Where(b => b!["type"]!.GetValue<string>() == "actions").Sum(b => b!["elements"]!.AsArray().Count));
        Assert.Equal(40, blocks.Where(b => b!["fields"] is not null).Sum(b => b!["fields"]!.AsArray().Count));
        Assert.Contains(Texts(json), t => t.Contains("5 more details not shown", StringComparison.Ordinal));
    }

    [Fact]
    public void RenderModal_AsksForTheButtonsInputs()
    {
        var section = new MessageSection("P-4 · Initech", null, [], [new MessageButton("edit:P-4", "Edit this promise, please", InputIds: ["what", "customer", "when", "reason"])],
        [
            new MessageInput("what", InputKind.Text, "What", "Send the deck", Required: true, MaxLength: 200),
            new MessageInput("customer", InputKind.Choice, "Customer", "initech", Choices: [new("initech", "Initech"), new("globex", "Globex")]),
            new MessageInput("when", InputKind.Date, "New date", "not-a-date"),
            new MessageInput("reason", InputKind.Choice, "Reason", null, Choices: []),
        ]);
        var button = BlockKitRenderer.RenderMessage(new OutboundMessage(MessageKind.Created, "Recorded", [section])).Blocks.OfType<ActionsBlock>().Single().Elements.OfType<ButtonElement>().Single();
        var spec = BlockKitRenderer.ReadModalSpec(button.Value)!;

        var json = Json(BlockKitRenderer.RenderModal(spec, new ModalState("edit:P-4", "D1", "1.2", FakeSlack.InProcessResponseUrl("x"))));

        Assert.Empty(BlockKitLimits.Check(json, Surface.Modal));
        Assert.Equal("Edit this promise, please"[..23] + "…", json["title"]!["text"]!.GetValue<string>());
        var inputs = json["blocks"]!.AsArray().Where(b => b!["type"]!.GetValue<string>() == "input").ToList();
        Assert.Equal(["what", "customer", "when", "reason"], inputs.Select(i => i!["block_id"]!.GetValue<string>()));
        Assert.Equal("plain_text_input", inputs[0]!["element"]!["type"]!.GetValue<string>());
        Assert.Equal(200, inputs[0]!["element"]!["max_length"]!.GetValue<int>());
        Assert.Null(inputs[0]!["optional"]);
        Assert.Equal("static_select", inputs[1]!["element"]!["type"]!.GetValue<string>());
        Assert.Equal("initech", inputs[1]!["element"]!["initial_option"]!["value"]!.GetValue<string>());
        Assert.True(inputs[1]!["optional"]!.GetValue<bool>());
        Assert.Null(inputs[2]!["element"]!["initial_date"]);
        Assert.Equal("plain_text_input", inputs[3]!["element"]!["type"]!.GetValue<string>());
        var metadata = JsonNode.Parse(json["private_metadata"]!.GetValue<string>())!;
        Assert.Equal("edit:P-4", metadata["a"]!.GetValue<string>());
        Assert.Equal("what", metadata["e"]!.GetValue<string>());
    }

    [Fact]
    public void RenderModal_DropsTheResponseUrl_WhenMetadataWouldBeTooLong()
    {
        var spec = new ModalSpec("More time", null, [new ModalField("date", InputKind.Date, "Date")]);

        var json = Json(BlockKitRenderer.RenderModal(spec, new ModalState("moretime:P-1", "D1", "1.2", "https://hooks.slack.test/" + new string('a', 4000))));

        Assert.Empty(BlockKitLimits.Check(json, Surface.Modal));
        Assert.Null(JsonNode.Parse(json["private_metadata"]!.GetValue<string>())!["r"]);
    }

    [Fact]
    public void RenderMessage_KeepsButtonValuesShort_WhenInputsHaveManyChoices()
    {
        var choices = Enumerable.Range(1, 100).Select(i => new KeyValuePair<string, string>("value-" + i + new string('v', 30), "Choice " + i + new string('t', 60))).ToList();
        var section = new MessageSection("P-1", null, [], [new MessageButton("edit:P-1", "Edit", InputIds: ["pick"])], [new MessageInput("pick", InputKind.Choice, "Pick", Choices: choices)]);

        var json = Json(BlockKitRenderer.RenderMessage(new OutboundMessage(MessageKind.Reply, "Edit", [section])));

        Assert.Empty(BlockKitLimits.Check(json, Surface.Message));
        var value = json["blocks"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "actions")!["elements"]![0]!["value"]!.GetValue<string>();
        var spec = BlockKitRenderer.ReadModalSpec(value)!;
        Assert.NotEmpty(spec.Inputs.Single().Choices!);
    }

    [Fact]
    public void Render_StaysWithinLimits_ForRandomMessages()
    {
        var random = new Random(20261204);
        // Mostly short texts, sometimes right up to (and past) Slack's limits.
        string Text(int max) => new(Enumerable.Range(0, random.Next(5) == 0 ? random.Next(0, max) : random.Next(0, 40)).Select(_ => "ab <>&*_~`:😀\n"[random.Next(14)]).ToArray());

        for (var run = 0; run < 120; run++)
        {
            var sections = Enumerable.Range(0, random.Next(0, 70)).Select(s => new MessageSection(
                random.Next(3) == 0 ? null : Text(400),
                random.Next(3) == 0 ? null : Text(5000),
                Enumerable.Range(0, random.Next(0, 14)).Select(f => new MessageFact(Text(300), Text(2500), random.Next(2) == 0 ? Now.AddHours(f) : null)).ToList(),
                Enumerable.Range(0, random.Next(0, 8)).Select(b => new MessageButton($"v{b}:P-{s}", Text(120), (ButtonStyle)random.Next(3), random.Next(3) == 0 ? ["in"] : null)).ToList(),
                [new MessageInput("in", (InputKind)random.Next(4), Text(100), Text(20), random.Next(2) == 0, Choices: [new(Text(200), Text(200))], MaxLength: random.Next(2) == 0 ? random.Next(1, 5000) : null)])).ToList();
            var message = new OutboundMessage((MessageKind)random.Next(14), Text(400), sections);

            var rendered = BlockKitRenderer.RenderMessage(message);
            Assert.Empty(BlockKitLimits.Check(Json(rendered), Surface.Message));
            Assert.Empty(BlockKitLimits.Check(Json(BlockKitRenderer.RenderHome(message, Now)), Surface.Home));
            foreach (var button in rendered.Blocks.OfType<ActionsBlock>().SelectMany(a => a.Elements).OfType<ButtonElement>())
            {
                if (BlockKitRenderer.ReadModalSpec(button.Value) is { } spec)
                {
                    Assert.Empty(BlockKitLimits.Check(Json(BlockKitRenderer.RenderModal(spec, new ModalState(button.ActionId))), Surface.Modal));
                }
            }
        }
    }

    [Theory]
    [InlineData("a&b", 3, "a…")]
    [InlineData("a&bc", 7, "a&amp;…")]
    [InlineData("<<<<", 9, "&lt;&lt;…")]
    [InlineData("x😀y", 3, "x…")]
    [InlineData("short", 10, "short")]
    public void EscapeAndFit_NeverSplitsAnEntityOrACharacter(string raw, int max, string expected)
    {
        Assert.Equal(expected, SlackText.EscapeAndFit(raw, max));
    }

    [Fact]
    public void Unescape_DecodesSlacksEntitiesButKeepsMentions()
    {
        Assert.Equal("R&D <@U1|ann> <x>", SlackText.Unescape("R&amp;D <@U1|ann> &lt;x&gt;"));
    }
}
