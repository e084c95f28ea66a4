using System.Text.Json.Nodes;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Records;
using CommitmentBot.Slack.Tests.Support;
using CommitmentBot.TestSupport.Slack;
using Microsoft.Extensions.DependencyInjection;

namespace CommitmentBot.Slack.Tests;

/// <summary>
/// Charts in Slack (SPEC "Delivery record"): each chart is uploaded as a private file (files.getUploadURLExternal, the
/// bytes to the upload URL, files.completeUploadExternal without a channel) and shown by an image block that references
/// the file id, with the chart's numbers as its alt text.
/// </summary>
public sealed class SlackChartUploadTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly RecordChart Trend = new(
        "c0ffee",
        RecordChartKind.TrendLines,
        "Your team's week: on time and kept its word, week by week",
        ["30 Nov", "7 Dec"],
        [new RecordSeries("On time", [50, 100], true), new RecordSeries("Kept its word", [75, null], true)]);

    private static ChatDelivery Digest(long id) => new(
        id,
        "T1",
        RecipientKind.User,
        "U1",
        new OutboundMessage(MessageKind.Digest, "Weekly digest. Your team's week", [MessageSection.FromText("*Per rep*\n• Ana: kept its word 100% (1 of 1)")])
        {
            Images = [new MessageImage(Trend)],
        });

    [Fact]
    public async Task AChart_IsUploadedPrivately_AndTheMessageShowsItByFileId()
    {
        var charts = new CountingCharts();
        using var services = new SlackServices(configure: s => s.AddSingleton<IChartImages>(charts));

        Assert.IsType<ChatSent>(await services.Sender.SendAsync(Digest(601), Ct));

        var ask = Assert.Single(services.Api.CallsTo("files.getUploadURLExternal"));
        Assert.Equal(("chart-c0ffee.png", "12"), (ask.Form["filename"], ask.Form["length"]));
        Assert.Contains("On time 50%", ask.Form["alt_txt"], StringComparison.Ordinal);
        var (fileId, file) = Assert.Single(services.Api.Uploads);
        Assert.Equal(Png, file.Content);
        Assert.True(file.Completed);
        Assert.Null(file.SharedTo); // private: completed with no channel
        Assert.Equal(Trend.Title, file.Title);
        var complete = Assert.Single(services.Api.CallsTo("files.completeUploadExternal"));
        Assert.Null(complete.Json["channel_id"]);
        Assert.Null(complete.Json["channels"]);

        var message = Assert.Single(services.Api.Messages);
        var image = message.Request["blocks"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "image")!;
        Assert.Equal(fileId, image["slack_file"]!["id"]!.GetValue<string>());
        Assert.Null(image["image_url"]);
        Assert.Equal(Trend.AltText, image["alt_text"]!.GetValue<string>());
        Assert.Contains("On time 50%, Kept its word 75%", Trend.AltText, StringComparison.Ordinal);
        Assert.Empty(BlockKitLimits.Check(message.Request, Surface.Message));
        var order = services.Api.Calls.Select(c => c.Method).Where(m => m.StartsWith("files.", StringComparison.Ordinal) || m == "chat.postMessage").ToList();
        Assert.Equal(["files.getUploadURLExternal", "files.completeUploadExternal", "chat.postMessage"], order);
    }

    [Fact]
    public async Task AFailedUpload_LeavesTheChartOut_AndTheMessageStillGoes()
    {
        using var services = new SlackServices(configure: s => s.AddSingleton<IChartImages>(new CountingCharts()));
        services.Api.Enqueue("files.getUploadURLExternal", (_, _, _) => Task.FromResult(new FakeReply(System.Net.HttpStatusCode.OK, new JsonObject { ["ok"] = false, ["error"] = "missing_scope" })));

        Assert.IsType<ChatSent>(await services.Sender.SendAsync(Digest(602), Ct));

        var message = Assert.Single(services.Api.Messages);
        Assert.DoesNotContain(message.Request["blocks"]!.AsArray(), b => b!["type"]!.GetValue<string>() == "image");
        Assert.Empty(services.Api.CallsTo("files.completeUploadExternal"));
    }

    [Fact]
    public async Task AnUploadUrlOffSlacksHosts_GetsNoBytes()
    {
        using var services = new SlackServices(configure: s => s.AddSingleton<IChartImages>(new CountingCharts()));
        services.Api.Enqueue("files.getUploadURLExternal", (slack, _, _) => Task.FromResult(new FakeReply(System.Net.HttpStatusCode.OK, new JsonObject { ["ok"] = true, ["upload_url"] = "https://evil.example/upload", ["file_id"] = "F1" })));

        Assert.IsType<ChatSent>(await services.Sender.SendAsync(Digest(603), Ct));

        Assert.Empty(services.Api.Uploads);
        Assert.Empty(services.Api.CallsTo("files.completeUploadExternal"));
    }

    [Theory]
    [InlineData("manifest.yaml")]
    [InlineData("manifest.socket.yaml")]
    public void BothManifests_AndTheInstallLink_AskForFilesWrite(string file)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, file));

        Assert.Contains("      - files:write\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("files:write", SlackOptions.DefaultBotScopes.Split(','));
    }

    private sealed class CountingCharts : IChartImages
    {
        public int Drawn { get; private set; }

        public byte[] Png(RecordChart chart)
        {
            Drawn++;
            return SlackChartUploadTests.Png;
        }

        public string Url(RecordChart chart) => "https://bot.example/record/chart/x.png";
    }
}
