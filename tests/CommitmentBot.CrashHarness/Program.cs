using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Ports;
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
if (options.RequestKey is { } requestKey)
{
    // Request mode: one command under its request key, as an inbound Slack or Teams request runs it; told to, the
    // process dies once the command has done its work and before the request's transaction commits.
    var runner = new CommandRunner(new CommitmentStore(connections), people, workspaces, new NoOutboxSignal(), clock);
    var run = await new RequestDeduplicator(connections).RunOnceAsync(
        options.RequestWorkspace,
        requestKey,
        options.Now,
        async stop =>
        {
            var reply = await runner.HandleAsync(
                new ChatRequest { Platform = "harness", WorkspaceId = options.RequestWorkspace, UserId = "U0HARNESS", Text = options.RequestText, ClientRequestId = requestKey },
                stop);
            if (options.Crash == CrashPoint.InRequest)
            {
                await options.DieAsync("after the command's work, before its request commits");
            }

            return reply;
        },
        CancellationToken.None);
    await Console.Out.WriteLineAsync(run is RequestRan<OutboundMessage> ran ? "request ran: " + ran.Result.ToPlainText() : "request repeated");
    return 0;
}

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

/// <summary>Request mode's commands write no notifications worth delivering here: the clock is not part of it.</summary>
internal sealed class NoOutboxSignal : IOutboxSignal
{
    public Task NotificationsWrittenAsync(string workspaceId, CancellationToken cancellationToken) => Task.CompletedTask;
}
