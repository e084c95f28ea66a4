using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Records;
using CommitmentBot.Records;
using CommitmentBot.TestSupport.Stores;

namespace CommitmentBot.Tests.Records;

/// <summary>
/// The chart cache: a chart's id is a hash of its view and period (in the title), its labels and its numbers (the data
/// version), so a digest run draws each chart once, and a resend, a second platform or the record page reuses it.
/// </summary>
public sealed class ChartCacheTests
{
    private const string Ws = "T1";
    private static readonly DateTimeOffset MondayNine = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    private static readonly RecordChart Trend = new(
        "t1",
        RecordChartKind.TrendLines,
        "Your team's week: on time and kept its word, week by week",
        ["23 Nov", "30 Nov"],
        [new RecordSeries("On time", [50, 100], true), new RecordSeries("Kept its word", [75, null], true)]);

    [Fact]
    public async Task ADigestRun_DrawsEachChartOnce_AndAResendDrawsNone()
    {
        var h = new CommandHarness(
            MondayNine.AddDays(-7),
            new Person { WorkspaceId = Ws, UserId = "maria", DisplayName = "Maria", TimeZone = "Europe/Berlin" },
            new Person { WorkspaceId = Ws, UserId = "ana", DisplayName = "Ana", TimeZone = "Europe/Berlin", ManagerId = "maria" },
            new Person { WorkspaceId = Ws, UserId = "ben", DisplayName = "Ben", TimeZone = "Europe/Berlin", ManagerId = "maria" });
        await h.SayAsync(Ws, "ana", "send the quote for Acme by Tuesday 10am");
        await h.SayAsync(Ws, "ben", "ship the loaner for Initech by Wednesday 9am");
        h.Clock.SetUtcNow(MondayNine.AddDays(-6));
        await h.SayAsync(Ws, "ana", "done P-1");
        h.Clock.SetUtcNow(MondayNine);
        var renderer = new ChartRenderer();
        var sender = new DrawingSender(renderer, new RecordingSender(h.Clock));
        var digest = new WeeklyDigest(h.Stores, h.Stores, h.Stores, h.Stores, h.Stores, NoRecordLinks.Instance);
        var delivery = new NotificationDelivery(h.Stores, h.Stores, h.Stores, h.Stores, [sender], h.Clock, NoCommitmentChangeListener.Instance, digest);

        Assert.Equal(3, (await digest.RunAsync(MondayNine, default)).Claimed);
        var ids = await h.Stores.DueDeliveriesAsync(MondayNine, NotificationDelivery.Lease, 10, default);
        foreach (var id in ids)
        {
            Assert.Equal(DeliveryResult.Sent, (await delivery.DeliverAsync(id, default)).Result);
        }

        var charts = sender.Inner.Sent.SelectMany(s => s.Delivery.Message.Images).Select(i => i.Chart.Id).ToList();
        Assert.Equal(2, charts.Count); // the manager's two charts; "your week" points to the page for the reps' own
        Assert.All(sender.Inner.Sent.Where(s => s.Delivery.RecipientId != "maria"), s => Assert.Empty(s.Delivery.Message.Images));
        Assert.Equal(charts.Distinct().Count(), renderer.Renders);

        // The same digests rendered again (a second platform, a resend after a crash): every chart comes from the cache.
        var before = renderer.Renders;
        foreach (var id in ids)
        {
            var again = await digest.RenderAsync((await h.Stores.FindDeliveryAsync(id, default))!, MondayNine, default);
            foreach (var image in again!.Images)
            {
                Assert.Equal([0x89, 0x50, 0x4E, 0x47], renderer.Png(image.Chart)[..4]); // asked for again: a PNG, from the cache (counted below)
            }
        }

        Assert.Equal(before, renderer.Renders);
    }

    [Fact]
    public void EqualDataIsOneDrawing_NewDataIsAnother()
    {
        var renderer = new ChartRenderer();

        var png = renderer.Png(Trend);
        renderer.Png(Trend with { });
        Assert.Equal(1, renderer.Renders);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], png[..4]);

        renderer.Png(Trend with { Id = "t2", Series = [new RecordSeries("On time", [50, 90], true), Trend.Series[1]] });
        Assert.Equal(2, renderer.Renders);
    }

    /// <summary>Draws each chart of a message as the Slack and Teams senders do, then records the send.</summary>
    private sealed class DrawingSender(ChartRenderer renderer, RecordingSender inner) : IChatSender
    {
        public RecordingSender Inner => inner;

        public string Platform => inner.Platform;

        public Task<SendResult> SendAsync(ChatDelivery delivery, CancellationToken cancellationToken)
        {
            foreach (var image in delivery.Message.Images)
            {
                Assert.NotEmpty(renderer.Png(image.Chart));
            }

            return inner.SendAsync(delivery, cancellationToken);
        }

        public Task<SentLookup> FindSentAsync(ChatDelivery delivery, DateTimeOffset sendStartedAt, CancellationToken cancellationToken) =>
            inner.FindSentAsync(delivery, sendStartedAt, cancellationToken);
    }
}
