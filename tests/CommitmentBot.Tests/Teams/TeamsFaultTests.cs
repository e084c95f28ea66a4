using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Ports;
using CommitmentBot.TestSupport.BotFramework;
using Microsoft.Extensions.DependencyInjection;

namespace CommitmentBot.Tests.Teams;

/// <summary>
/// Faults on the way out, through the host's outbox: the token endpoint down, the connector throttling,
/// failing or hanging, and the process dying between a send and its record. A nudge is never lost;
/// it is sent once, except where Teams itself may have taken a message the bot could not confirm
/// (then it repeats at most once).
/// </summary>
[Collection(TeamsHostGroup.Name)]
public sealed class TeamsFaultTests : IAsyncLifetime
{
    private static readonly TeamsUser Dana = new("aad-dana", "Dana Rep", TeamsHost.TenantA);

    // P-1 is due Wednesday 15:00 PST; its heads-up goes out at 08:00 PST that morning.
    private static readonly DateTimeOffset HeadsUpAt = new(2026, 11, 25, 16, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset DueAt = new(2026, 11, 25, 23, 0, 0, TimeSpan.Zero);

    private TeamsHost host = null!;

    public async ValueTask InitializeAsync()
    {
        host = await TeamsHost.StartAsync(settings => settings["Teams:ConnectorTimeout"] = "00:00:02");
        await host.InstallAsync(Dana);
        await host.SayAsync(Dana, "send revised quote for Acme by Wednesday 3pm");
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private static string DanaChatPath => $"/v3/conversations/{Uri.EscapeDataString(Dana.ChatId)}/activities";

    private static bool PostToDana(string method, string path) => method == "POST" && path == DanaChatPath;

    private int HeadsUpsDelivered() =>
        host.Microsoft.MessagesIn(Dana.ChatId).Count(m => m.Headline.StartsWith("Heads-up: P-1", StringComparison.Ordinal));

    private int AttemptsAtDana() => host.Microsoft.Calls.Count(c => PostToDana(c.Method, c.Path));

    private T Service<T>()
        where T : notnull => host.App.Services.GetRequiredService<T>();

    /// <summary>Runs the sweep at the heads-up instant and returns the delivery it bundled for Dana.</summary>
    private async Task<long> SweepHeadsUpAsync()
    {
        host.App.Clock.SetUtcNow(HeadsUpAt);
        var outcome = await Service<EscalationSweep>().RunAsync(HeadsUpAt, CancellationToken.None);
        return Assert.Single(outcome.Deliveries);
    }

    [Fact]
    public async Task TokenEndpointDown_DeliveryWaitsInTheOutbox_AndArrivesOnceItIsBack()
    {
        var attemptsBefore = AttemptsAtDana();

        // The connector rejects the cached token, and the token endpoint is down when the bot asks for a new one.
        host.Microsoft.ScriptNext(PostToDana, new ScriptedResponse(401));
        host.Microsoft.TokenStatus = 503;
        var tokenRequests = host.Microsoft.TokenRequests;
        await host.App.AdvanceAsync(HeadsUpAt);

        Assert.Equal(0, HeadsUpsDelivered());
        Assert.True(host.Microsoft.TokenRequests > tokenRequests, "the bot asked for a fresh token");
        Assert.Equal(attemptsBefore + 1, AttemptsAtDana());

        host.Microsoft.TokenStatus = 200;
        await host.App.AdvanceAsync(HeadsUpAt.AddMinutes(30));
        Assert.Equal(1, HeadsUpsDelivered());

        await host.App.AdvanceAsync(DueAt.AddMinutes(-1));
        Assert.Equal(1, HeadsUpsDelivered());
    }

    [Fact]
    public async Task Connector429WithLongRetryAfter_IsHonouredByTheOutbox_AndArrivesOnce()
    {
        host.Microsoft.ScriptNext(PostToDana, new ScriptedResponse(429, RetryAfter: "120"));

        await host.App.AdvanceAsync(HeadsUpAt);
        Assert.Equal(0, HeadsUpsDelivered());
        var attempts = AttemptsAtDana();

        // Not before the two minutes Teams asked for.
        await host.App.AdvanceAsync(HeadsUpAt.AddSeconds(90));
        Assert.Equal(attempts, AttemptsAtDana());

        await host.App.AdvanceAsync(HeadsUpAt.AddMinutes(3));
        Assert.Equal(1, HeadsUpsDelivered());
        Assert.Equal(attempts + 1, AttemptsAtDana());
    }

    [Theory]
    [InlineData(500)]
    [InlineData(403)]
    public async Task ConnectorFailureThatTookNothing_IsRetriedOrGivenUp_NeverDoubled(int status)
    {
        host.Microsoft.ScriptNext(PostToDana, new ScriptedResponse(status, Body: """{"error":{"code":"ServiceError","message":"scripted"}}"""));

        await host.App.AdvanceAsync(HeadsUpAt);
        Assert.Equal(0, HeadsUpsDelivered());
        await host.App.AdvanceAsync(HeadsUpAt.AddMinutes(30));

        // 500 is transient: the outbox tries again and it arrives once. 403 (blocked) is final: no retry storm.
        Assert.Equal(status == 500 ? 1 : 0, HeadsUpsDelivered());
        Assert.Equal(status == 500 ? 2 : 1, host.Microsoft.Calls.Count(c => PostToDana(c.Method, c.Path) && c.Text.Contains("Heads-up", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(429, "1")]
    [InlineData(503, null)]
    [InlineData(412, null)]
    public async Task ConnectorRefusalThatTookNothing_IsRetriedInProcess_AndArrivesOnce(int status, string? retryAfter)
    {
        var deliveryId = await SweepHeadsUpAsync();
        host.Microsoft.ScriptNext(PostToDana, new ScriptedResponse(status, RetryAfter: retryAfter));

        // The connector client's back-off waits on the app's clock; move it along while the delivery runs.
        var delivery = Service<NotificationDelivery>().DeliverAsync(deliveryId, CancellationToken.None);
        while (!delivery.IsCompleted)
        {
            await Task.Delay(20);
            host.App.Clock.Advance(TimeSpan.FromMilliseconds(250));
        }

        var outcome = await delivery;
        Assert.Equal(DeliveryResult.Sent, outcome.Result);
        Assert.Equal(1, HeadsUpsDelivered());
        Assert.Equal(DeliveryStatus.Sent, (await Service<IOutboxStore>().FindDeliveryAsync(deliveryId, CancellationToken.None))?.Status);
    }

    [Fact]
    public async Task Timeout_WhenTeamsTookNothing_IsRetriedByTheOutbox_AndArrivesOnce()
    {
        host.Microsoft.ScriptNext(PostToDana, new ScriptedResponse(200, Delay: TimeSpan.FromSeconds(6), Taken: false));

        await host.App.AdvanceAsync(HeadsUpAt);
        Assert.Equal(0, HeadsUpsDelivered());
        await host.App.AdvanceAsync(HeadsUpAt.AddMinutes(30));

        Assert.Equal(1, HeadsUpsDelivered());
    }

    [Fact]
    public async Task Timeout_WhenTeamsTookTheMessage_RepeatsAtMostOnce_AndNeverLosesIt()
    {
        // Teams posted it but the answer never came back in time: the bot cannot know, so it sends again.
        host.Microsoft.ScriptNext(PostToDana, new ScriptedResponse(200, Delay: TimeSpan.FromSeconds(6)));

        await host.App.AdvanceAsync(HeadsUpAt);
        await FakeBotFramework.WaitUntilAsync(() => HeadsUpsDelivered() == 1, "the slow post to land");
        await host.App.AdvanceAsync(DueAt.AddMinutes(-1));

        Assert.InRange(HeadsUpsDelivered(), 1, 2);
        await Task.Delay(500);
        await host.App.AdvanceAsync(DueAt.AddMinutes(-1).AddSeconds(30));
        Assert.InRange(HeadsUpsDelivered(), 1, 2);
    }

    [Fact]
    public async Task CrashBetweenSendAndRecord_ResendsOnceAfterTheLease_AndNeverLosesIt()
    {
        var deliveryId = await SweepHeadsUpAsync();
        var teams = host.App.Services.GetServices<IChatSender>().Single(s => s.Platform == "teams");
        var dying = new NotificationDelivery(
            Service<IOutboxStore>(),
            Service<ICommitmentStore>(),
            Service<IPeopleStore>(),
            Service<IWorkspaceStore>(),
            [new DiesAfterSending(teams)],
            host.App.Clock);

        await Assert.ThrowsAsync<ProcessDied>(() => dying.DeliverAsync(deliveryId, CancellationToken.None));
        Assert.Equal(1, HeadsUpsDelivered());
        Assert.Equal(DeliveryStatus.Sending, (await Service<IOutboxStore>().FindDeliveryAsync(deliveryId, CancellationToken.None))?.Status);

        // Inside the lease nobody touches it (the first sender may still be at work).
        await host.App.AdvanceAsync(HeadsUpAt + NotificationDelivery.Lease - TimeSpan.FromSeconds(10));
        Assert.Equal(1, HeadsUpsDelivered());

        // After it, the send is resumed: Teams cannot say whether the first one arrived, so it is sent again, once.
        await host.App.AdvanceAsync(HeadsUpAt + NotificationDelivery.Lease + TimeSpan.FromMinutes(1));
        Assert.Equal(2, HeadsUpsDelivered());
        Assert.Equal(DeliveryStatus.Sent, (await Service<IOutboxStore>().FindDeliveryAsync(deliveryId, CancellationToken.None))?.Status);

        await host.App.AdvanceAsync(DueAt.AddMinutes(-1));
        Assert.Equal(2, HeadsUpsDelivered());
    }

    [Fact]
    public async Task DeliveryJobRunTwiceAtOnce_SendsOnce()
    {
        var deliveryId = await SweepHeadsUpAsync();
        var delivery = Service<NotificationDelivery>();

        var outcomes = await Task.WhenAll(
            delivery.DeliverAsync(deliveryId, CancellationToken.None),
            delivery.DeliverAsync(deliveryId, CancellationToken.None));

        Assert.Equal(1, HeadsUpsDelivered());
        Assert.Single(outcomes, o => o.Result == DeliveryResult.Sent);
        Assert.Single(outcomes, o => o.Result == DeliveryResult.NotClaimable);
        Assert.Equal(DeliveryResult.NotClaimable, (await delivery.DeliverAsync(deliveryId, CancellationToken.None)).Result);
    }

    /// <summary>The process "dies" right after the platform took the message, before the outbox records it.</summary>
    private sealed class DiesAfterSending(IChatSender inner) : IChatSender
    {
        public string Platform => inner.Platform;

        public async Task<SendResult> SendAsync(ChatDelivery delivery, CancellationToken cancellationToken)
        {
            await inner.SendAsync(delivery, cancellationToken);
            throw new ProcessDied();
        }

        public Task<SentLookup> FindSentAsync(ChatDelivery delivery, DateTimeOffset sendStartedAt, CancellationToken cancellationToken) =>
            inner.FindSentAsync(delivery, sendStartedAt, cancellationToken);
    }

    private sealed class ProcessDied : Exception
    {
        public ProcessDied()
            : base("simulated crash between send and record")
        {
        }
    }
}
