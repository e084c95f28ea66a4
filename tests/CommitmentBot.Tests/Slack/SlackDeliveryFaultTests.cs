using System.Net;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Ports;
using CommitmentBot.TestSupport.Slack;
using CommitmentBot.Tests.Slack.Support;

namespace CommitmentBot.Tests.Slack;

/// <summary>
/// Slack failing in every way it does while the clock delivers a nudge, through the real host and outbox:
/// whatever happens, the rep gets the nudge, and gets it once.
/// </summary>
public sealed class SlackDeliveryFaultTests
{
    private const string Team = "T1";
    private const string Rep = "UREP";
    private const string RepDm = "D" + Rep;

    private static async Task<SlackHost> StartWithPromiseAsync(string requestTimeout = "00:00:02")
    {
        var host = await SlackHost.StartAsync(settings: new Dictionary<string, string?> { ["Slack:RequestTimeout"] = requestTimeout });

        // Due at 17:00 UTC; the heads-up (due − 1 h) falls at 16:00, inside the rep's working hours in Chicago.
        var reply = await host.SayAsync(Team, Rep, "send revised quote for Acme in 3 hours");

        // The promise must exist, answered at once, before the clock moves (a deferred or failed create shows here).
        Assert.Contains("P-1", reply.ToJsonString(), StringComparison.Ordinal);
        Assert.NotNull(await host.Service<ICommitmentStore>().FindByNumberAsync(Team, 1, CancellationToken.None));
        return host;
    }

    private static FakeSlack.Script Fault(string fault) => fault switch
    {
        "429 Retry-After" => FakeSlack.Status((HttpStatusCode)429, retryAfterSeconds: 30),
        "ok:false ratelimited" => FakeSlack.Error("ratelimited", retryAfterSeconds: 20),
        "500 before posting" => FakeSlack.Status((HttpStatusCode)500),
        "500 after posting" => FakeSlack.PostThenFail((HttpStatusCode)500),
        "ok:false internal_error" => FakeSlack.Error("internal_error"),
        "timeout before posting" => FakeSlack.Hang(),
        "timeout after posting" => FakeSlack.Hang(postFirst: true),
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, null),
    };

    [Theory]
    [InlineData("429 Retry-After", 2, 0)]
    [InlineData("ok:false ratelimited", 2, 0)]
    [InlineData("500 before posting", 2, 1)]
    [InlineData("500 after posting", 1, 1)]
    [InlineData("ok:false internal_error", 2, 1)]
    [InlineData("timeout before posting", 2, 1)]
    [InlineData("timeout after posting", 1, 1)]
    public async Task Nudge_ArrivesExactlyOnce_WhenChatPostMessageFails(string fault, int posts, int historyLookups)
    {
        await using var host = await StartWithPromiseAsync();
        host.Slack.Enqueue("chat.postMessage", Fault(fault));

        await host.AdvanceAsync(TimeSpan.FromHours(2.5));

        var nudge = Assert.Single(host.Slack.MessagesIn(RepDm));
        Assert.Contains("ontrack:P-1", nudge.ActionIds);
        Assert.Equal(posts, host.Slack.CallsTo("chat.postMessage").Count);
        Assert.Equal(historyLookups, host.Slack.CallsTo("conversations.history").Count);
        var delivery = await host.Service<IOutboxStore>().FindDeliveryAsync(nudge.DeliveryId!.Value, CancellationToken.None);
        Assert.Equal(DeliveryStatus.Sent, delivery!.Status);
        Assert.Equal(RepDm + ":" + nudge.Ts, delivery.PlatformMessageId);

        // Nothing is left to send it again later.
        await host.AdvanceAsync(TimeSpan.FromMinutes(20));
        Assert.Single(host.Slack.MessagesIn(RepDm));
    }

    [Fact]
    public async Task Nudge_IsRetriedByTheOutbox_WhenConversationsOpenIsUnavailable()
    {
        await using var host = await StartWithPromiseAsync();
        host.Slack.Enqueue("conversations.open", FakeSlack.Status((HttpStatusCode)503));

        await host.AdvanceAsync(TimeSpan.FromHours(2.5));

        Assert.Single(host.Slack.MessagesIn(RepDm));
        Assert.Equal(2, host.Slack.CallsTo("conversations.open").Count);
        Assert.Single(host.Slack.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task Nudge_RetriesAfterRepeatedRateLimits_AndIsSentOnce()
    {
        await using var host = await StartWithPromiseAsync();
        for (var i = 0; i < 4; i++)
        {
            host.Slack.Enqueue("chat.postMessage", FakeSlack.Status((HttpStatusCode)429, retryAfterSeconds: 60));
        }

        await host.AdvanceAsync(TimeSpan.FromHours(2.5));

        Assert.Single(host.Slack.MessagesIn(RepDm));
        Assert.Equal(5, host.Slack.CallsTo("chat.postMessage").Count);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 2)]
    public async Task DeliveryFoundSendingAfterACrash_IsCheckedInTheHistoryBeforeAnyResend(bool postedBeforeTheCrash, int posts)
    {
        await using var host = await StartWithPromiseAsync(requestTimeout: "00:01:00");
        var outbox = host.Service<IOutboxStore>();
        host.App.Clock.SetUtcNow(host.Now + TimeSpan.FromHours(2.5));
        var swept = await host.Service<EscalationSweep>().RunAsync(host.Now, CancellationToken.None);
        var deliveryId = Assert.Single(swept.Deliveries);

        // The process dies while chat.postMessage is in flight (after Slack stored the message, or before).
        host.Slack.Enqueue("chat.postMessage", FakeSlack.Hang(postFirst: postedBeforeTheCrash));
        using var crash = new CancellationTokenSource();
        var attempt = host.Service<NotificationDelivery>().DeliverAsync(deliveryId, crash.Token);
        await host.Slack.WaitForAsync(s => s.CallsTo("chat.postMessage") is { Count: > 0 } sent ? sent[0] : null);
        await crash.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => attempt);
        Assert.Equal(DeliveryStatus.Sending, (await outbox.FindDeliveryAsync(deliveryId, CancellationToken.None))!.Status);

        // Past the lease the sweep picks it up again and looks before it sends.
        await host.AdvanceAsync(NotificationDelivery.Lease + TimeSpan.FromMinutes(1));

        var nudge = Assert.Single(host.Slack.MessagesIn(RepDm));
        Assert.Equal(deliveryId, nudge.DeliveryId);
        Assert.Equal(posts, host.Slack.CallsTo("chat.postMessage").Count);
        var lookup = Assert.Single(host.Slack.CallsTo("conversations.history"));
        Assert.Equal(RepDm, lookup.Form["channel"]);
        Assert.Equal("true", lookup.Form["include_all_metadata"]);
        var calls = host.Slack.Calls.Select(c => c.Method).ToList();
        Assert.True(calls.IndexOf("conversations.history") < calls.LastIndexOf("chat.postMessage") || posts == 1);
        var delivery = await outbox.FindDeliveryAsync(deliveryId, CancellationToken.None);
        Assert.Equal(DeliveryStatus.Sent, delivery!.Status);
        Assert.Equal(RepDm + ":" + nudge.Ts, delivery.PlatformMessageId);
    }

    [Fact]
    public async Task SlashCommand_StillWorks_WhenUsersInfoFails()
    {
        await using var host = await SlackHost.StartAsync();
        host.Slack.Enqueue("users.info", FakeSlack.Status((HttpStatusCode)500));

        var reply = await host.SayAsync(Team, Rep, "send revised quote for Acme by tomorrow");

        Assert.Contains("P-1", reply["text"]!.GetValue<string>() + reply["blocks"]?.ToJsonString(), StringComparison.Ordinal);
        Assert.NotNull(await host.Service<ICommitmentStore>().FindByNumberAsync(Team, 1, CancellationToken.None));
    }
}
