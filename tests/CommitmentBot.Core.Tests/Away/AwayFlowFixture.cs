using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.TestSupport.Stores;
using Microsoft.Extensions.Time.Testing;

namespace CommitmentBot.Core.Tests.Away;

/// <summary>
/// Commands, sweep and delivery over in-memory stores on a fake clock that starts Mon 7 Dec 2026, 09:00 EST. Ana (New York)
/// reports to Maria; Raj and Lee are colleagues; Sam is an admin; the escalation channel is C-esc.
/// </summary>
public abstract class AwayFlowFixture
{
    protected const string Ws = "T1";

    protected AwayFlowFixture()
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 14, 0, 0, TimeSpan.Zero));
        Sender = new RecordingSender(Clock);
        Runner = new CommandRunner(Stores, Stores, Stores, Stores, Clock);
        Sweep = new EscalationSweep(Stores, Stores, Stores);
        Delivery = new NotificationDelivery(Stores, Stores, Stores, Stores, [Sender], Clock);
        Stores.SaveAsync(WorkspaceSettings.NewFor(Ws, "test") with { EscalationChannelId = "C-esc" }, default).GetAwaiter().GetResult();
        foreach (var (id, name, manager) in new[] { ("ana", "Ana", "maria"), ("maria", "Maria", null), ("raj", "Raj", "maria"), ("lee", "Lee", null), ("kim", "Kim", null) })
        {
            Stores.UpsertAsync(new Person { WorkspaceId = Ws, UserId = id, DisplayName = name, TimeZone = "America/New_York", ManagerId = manager }, default).GetAwaiter().GetResult();
        }

        Stores.UpsertAsync(new Person { WorkspaceId = Ws, UserId = "sam", DisplayName = "Sam", TimeZone = "America/New_York", IsAdmin = true }, default).GetAwaiter().GetResult();
    }

    protected FakeTimeProvider Clock { get; }

    protected InMemoryStores Stores { get; } = new();

    protected RecordingSender Sender { get; }

    protected CommandRunner Runner { get; }

    protected EscalationSweep Sweep { get; }

    protected NotificationDelivery Delivery { get; }

    protected static DateTimeOffset Utc(int day, int hour, int minute = 0) => new(2026, 12, day, hour, minute, 0, TimeSpan.Zero);

    protected Task<OutboundMessage> Say(string user, string text) =>
        Runner.HandleAsync(new ChatRequest { Platform = "test", WorkspaceId = Ws, UserId = user, Text = text }, default);

    protected Task<OutboundMessage> Click(string user, string actionId, Dictionary<string, string>? values = null) =>
        Runner.HandleAsync(new ChatRequest { Platform = "test", WorkspaceId = Ws, UserId = user, Action = new ChatAction(actionId, values ?? []) }, default);

    protected Task RunUntilAsync(DateTimeOffset until) =>
        new ClockTick(Sweep, Stores).RunUntilAsync(until, Clock, Clock.SetUtcNow, Delivery, default);

    /// <summary>What each person got: recipient, headline (a bundle's part headlines joined), and when.</summary>
    protected List<(string To, string Text, DateTimeOffset At)> Received() =>
        Sender.Sent.Select(s => (s.Delivery.RecipientId, Headline(s.Delivery.Message), s.At)).ToList();

    protected List<OutboundMessage> MessagesTo(string who) =>
        Sender.Sent.Where(s => s.Delivery.RecipientId == who).Select(s => s.Delivery.Message).ToList();

    private static string Headline(OutboundMessage m) =>
        m.Kind == MessageKind.Bundle ? string.Join(" | ", m.Sections.Where(s => s.Buttons.Count == 0 && s.Text is null).Select(s => s.Title)) : m.Text;
}
