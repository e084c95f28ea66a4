using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.TestSupport.Stores;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace CommitmentBot.Core.Tests.Commands;

/// <summary>The runner tells the listener whose promises changed, once saved, and only then.</summary>
public sealed class CommitmentChangeListenerTests
{
    private const string Ws = "T1";

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero));
    private readonly InMemoryStores stores = new();
    private readonly RecordingListener listener = new();
    private readonly CommandRunner runner;

    public CommitmentChangeListenerTests()
    {
        runner = new CommandRunner(stores, stores, stores, stores, clock, listener);
        stores.UpsertAsync(new Person { WorkspaceId = Ws, UserId = "ana", TimeZone = "America/New_York", ManagerId = "maria" }, default).GetAwaiter().GetResult();
    }

    private Task Say(string user, string text, string? requestId = null) =>
        runner.HandleAsync(new ChatRequest { Platform = "slack", WorkspaceId = Ws, UserId = user, Text = text, ClientRequestId = requestId }, default);

    [Fact]
    public async Task Create_TellsTheListenerOnce_EvenWhenRepeated()
    {
        await Say("ana", "send quote for Acme by Friday", "req-1");
        await Say("ana", "send quote for Acme by Friday", "req-1");

        Assert.Equal([("slack", Ws, "ana")], listener.Changes);
    }

    [Fact]
    public async Task SavedChange_TellsTheListener_AboutTheOwner()
    {
        await Say("ana", "send quote for Acme by Friday");
        listener.Changes.Clear();

        await Say("maria", "done P-1");
        Assert.Empty(listener.Changes);

        await Say("ana", "risk P-1 supplier is late");
        Assert.Equal([("slack", Ws, "ana")], listener.Changes);
    }

    [Fact]
    public async Task ReadsAndRefusals_TellNobody()
    {
        await Say("ana", "list");
        await Say("ana", "done P-7");
        await Say("ana", "send quote by yesterday");

        Assert.Empty(listener.Changes);
    }

    [Fact]
    public async Task DeliveredStep_TellsTheListener_AboutTheOwner()
    {
        var sender = new Mock<IChatSender>();
        sender.SetupGet(s => s.Platform).Returns("test");
        sender.Setup(s => s.SendAsync(It.Is<ChatDelivery>(d => d.RecipientId == "ana"), It.IsAny<CancellationToken>())).ReturnsAsync(new ChatSent("msg-1"));
        var delivery = new NotificationDelivery(stores, stores, stores, stores, [sender.Object], clock, listener);
        await runner.HandleAsync(new ChatRequest { Platform = "test", WorkspaceId = Ws, UserId = "ana", Text = "send quote for Acme in 3 hours" }, default);
        listener.Changes.Clear();

        clock.Advance(TimeSpan.FromHours(2.5));
        var swept = await new EscalationSweep(stores, stores, stores).RunAsync(clock.GetUtcNow(), default);
        var outcome = await delivery.DeliverAsync(Assert.Single(swept.Deliveries), default);

        Assert.Equal(DeliveryResult.Sent, outcome.Result);
        Assert.Equal([("test", Ws, "ana")], listener.Changes);
        sender.Verify(s => s.SendAsync(It.IsAny<ChatDelivery>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    private sealed class RecordingListener : ICommitmentChangeListener
    {
        public List<(string Platform, string Workspace, string Owner)> Changes { get; } = [];

        public void CommitmentsChanged(string platform, string workspaceId, string ownerId) => Changes.Add((platform, workspaceId, ownerId));
    }
}
