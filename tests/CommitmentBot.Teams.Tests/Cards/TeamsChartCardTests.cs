using System.Text.Json.Nodes;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Records;
using CommitmentBot.Teams.Cards;

namespace CommitmentBot.Teams.Tests.Cards;

/// <summary>
/// Charts in Teams: an <c>Image</c> in the Adaptive Card with the numbers as alt text, inline as a <c>data:</c> URI when
/// small enough, else a signed, expiring URL on the app's public address; the card stays within Teams' size limit.
/// </summary>
public sealed class TeamsChartCardTests
{
    private static readonly RecordChart Trend = new(
        "c0ffee",
        RecordChartKind.TrendLines,
        "Your team's week: on time and kept its word, week by week",
        ["30 Nov", "7 Dec"],
        [new RecordSeries("On time", [50, 100], true), new RecordSeries("Kept its word", [75, null], true)]);

    private static readonly RecordChart Bars = Trend with { Id = "bars", Kind = RecordChartKind.RepBars, Title = "Outcomes per rep" };

    private static OutboundMessage Digest(int sections = 1) =>
        new(MessageKind.Digest, "Weekly digest. Your team's week", Enumerable.Range(1, sections).Select(i => MessageSection.FromText($"Section {i}: " + new string('x', 2000))).ToList())
        {
            Images = [new MessageImage(Trend), new MessageImage(Bars)],
        };

    private static List<JsonObject> ImagesOf(JsonObject card) =>
        card["body"]!.AsArray().OfType<JsonObject>().Where(e => e["type"]!.GetValue<string>() == "Image").ToList();

    [Fact]
    public void ASmallChart_GoesInline_AsADataUri_WithItsNumbersAsAltText()
    {
        var charts = new Charts(pngBytes: 3_000);
        var card = new AdaptiveCardRenderer(charts: charts).Render(Digest());

        var images = ImagesOf(card);
        Assert.Equal(2, images.Count);
        Assert.StartsWith("data:image/png;base64,iVBORw0KGgo", images[0]["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(Trend.AltText, images[0]["altText"]!.GetValue<string>());
        Assert.Contains("On time 50%", images[0]["altText"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(charts.Linked);
    }

    [Fact]
    public void ALargeChart_GoesAsASignedLink_AndTheCardStaysUnderTheLimit()
    {
        var charts = new Charts(pngBytes: 40_000);
        var card = new AdaptiveCardRenderer(charts: charts).Render(Digest(sections: 60));

        var images = ImagesOf(card);
        Assert.Equal(["https://bot.example/record/chart/c0ffee.png", "https://bot.example/record/chart/bars.png"], images.Select(i => i["url"]!.GetValue<string>()));
        Assert.Equal(["c0ffee", "bars"], charts.Linked);
        Assert.True(AdaptiveCardRenderer.SizeInUtf16Bytes(card) <= AdaptiveCardRenderer.MaxCardBytes);
    }

    [Fact]
    public void InlineCharts_CountAgainstTheLimit_SectionsAreTrimmedFirst()
    {
        var card = new AdaptiveCardRenderer(charts: new Charts(pngBytes: 9_000)).Render(Digest(sections: 60));

        Assert.True(AdaptiveCardRenderer.SizeInUtf16Bytes(card) <= AdaptiveCardRenderer.MaxCardBytes);
        Assert.Equal(2, ImagesOf(card).Count(i => i["url"]!.GetValue<string>().StartsWith("data:image/png;base64,", StringComparison.Ordinal)));
        Assert.Contains(card["body"]!.AsArray(), e => e!["text"]?.GetValue<string>().Contains("more not shown here", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void WithoutAChartSource_TheCardHasNoImages()
    {
        Assert.Empty(ImagesOf(new AdaptiveCardRenderer().Render(Digest())));
    }

    private sealed class Charts(int pngBytes) : IChartImages
    {
        public List<string> Linked { get; } = [];

        public byte[] Png(RecordChart chart)
        {
            var png = new byte[pngBytes];
            byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
            signature.CopyTo(png, 0);
            return png;
        }

        public string Url(RecordChart chart)
        {
            Linked.Add(chart.Id);
            return "https://bot.example/record/chart/" + chart.Id + ".png";
        }
    }
}
