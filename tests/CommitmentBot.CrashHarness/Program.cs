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
var sweep = new EscalationSweep(outbox, people, workspaces);
var delivery = new NotificationDelivery(outbox, new CommitmentStore(connections), people, workspaces, [new LogFileSender(options)], clock);

// The same order of work as the recurring job: sweep and bundle, then every delivery due (new or stranded).
var outcome = await sweep.RunAsync(options.Now, CancellationToken.None);
var due = await outbox.DueDeliveriesAsync(options.Now, NotificationDelivery.Lease, 10_000, CancellationToken.None);
await Console.Out.WriteLineAsync($"swept {outcome.Claimed}, bundled {outcome.Deliveries.Count}, due {due.Count}");
foreach (var id in outcome.Deliveries.Concat(due).Distinct().Order())
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
