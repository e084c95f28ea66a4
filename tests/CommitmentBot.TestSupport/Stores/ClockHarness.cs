using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using Microsoft.Extensions.Time.Testing;

namespace CommitmentBot.TestSupport.Stores;

/// <summary>
/// What Core's clock tests run on: in-memory stores with <see cref="SampleTeam"/>'s workspace (its escalation channel
/// C-esc) and people, a fake clock, the command runner of a <see cref="CommandHarness"/>, the sweep, and the delivery through a recording sender; the
/// clock moves through <see cref="ClockTick"/>, the loop the Hangfire job and the sandbox run.
/// </summary>
public sealed class ClockHarness
{
    private readonly CommandHarness commands;

    public ClockHarness(DateTimeOffset now, params Person[] people)
    {
        commands = new CommandHarness(now);
        Sender = new RecordingSender(Clock);
        Sweep = new EscalationSweep(Stores, Stores, Stores);
        Delivery = DeliveryThrough(Sender);
        Stores.SaveAsync(WorkspaceSettings.NewFor(SampleTeam.Workspace, "test") with { EscalationChannelId = "C-esc" }, default).GetAwaiter().GetResult();
        foreach (var person in people)
        {
            Stores.UpsertAsync(person, default).GetAwaiter().GetResult();
        }
    }

    public FakeTimeProvider Clock => commands.Clock;

    public InMemoryStores Stores => commands.Stores;

    public CommandRunner Runner => commands.Runner;

    public RecordingSender Sender { get; }

    public EscalationSweep Sweep { get; }

    public NotificationDelivery Delivery { get; }

    /// <summary>A delivery over the same stores and clock that sends through <paramref name="platform"/>.</summary>
    public NotificationDelivery DeliveryThrough(IChatSender platform) => new(Stores, Stores, Stores, Stores, [platform], Clock);

    /// <summary>What <paramref name="userId"/> types (not in a direct message).</summary>
    public Task<OutboundMessage> SayAsync(string userId, string text) =>
        Runner.HandleAsync(new ChatRequest { Platform = "test", WorkspaceId = SampleTeam.Workspace, UserId = userId, Text = text }, default);

    /// <summary>Runs every scheduled instant up to <paramref name="until"/> through the clock's one loop, as the sandbox does.</summary>
    public Task RunUntilAsync(DateTimeOffset until, NotificationDelivery? delivery = null) =>
        new ClockTick(Sweep, Stores).RunUntilAsync(until, Clock, Clock.SetUtcNow, delivery ?? Delivery, default);
}
