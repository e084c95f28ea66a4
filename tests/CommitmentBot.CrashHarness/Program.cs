using CommitmentBot.Core.Escalation;
using CommitmentBot.CrashHarness;
using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Stores;

// The crash harness: one run of the clock (sweep, bundle, deliver everything due) against a real database,
// through a sender that logs each send to a file, optionally dying at a chosen send. The storage tests start
// it as a child process, let it die, start it again later, and read the log: nothing sent twice, nothing lost.
HarnessOptions? options;
string? error;
try
{
    options = HarnessOptions.Parse(args, out error);
}
catch (ArgumentException ex)
{
    options = null;
    error = ex.Message;
}

if (options is null)
{
    await Console.Error.WriteLineAsync($"error: {error}\n{HarnessOptions.Usage}");
    return 2;
}

var connections = new DbConnectionFactory(options.Storage);
var clock = new FixedClock(options.Now);
var outbox = new OutboxStore(connections);
var people = new PeopleStore(connections, clock);
var workspaces = new WorkspaceStore(connections, clock);
var tick = new ClockTick(new EscalationSweep(outbox, people, workspaces), outbox) { MaxDeliveries = 10_000 };
var delivery = new NotificationDelivery(outbox, new CommitmentStore(connections), people, workspaces, [new LogFileSender(options)], clock);

// The recurring job's one tick (sweep and bundle, and every delivery due, new or stranded), then each delivery.
var outcome = await tick.RunAsync(options.Now, CancellationToken.None);
await Console.Out.WriteLineAsync($"swept {outcome.Claimed}, deliveries due {outcome.Deliveries.Count}");
foreach (var id in outcome.Deliveries)
{
    var result = await delivery.DeliverAsync(id, CancellationToken.None);
    await Console.Out.WriteLineAsync($"delivery {id}: {result.Result}");
}

return 0;

/// <summary>The run's "now", fixed: the parent decides when each run happens (before or after the lease).</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
