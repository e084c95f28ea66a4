using System.Diagnostics.Metrics;
using CommitmentBot.Clock;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Ports;
using CommitmentBot.TestSupport.Slack;
using CommitmentBot.Tests.Slack.Support;

namespace CommitmentBot.Tests.Hosting;

/// <summary>
/// The clock's own meters, measured through the Hangfire jobs' code (<see cref="ClockJobs"/>) on the real host: sweeps
/// and their steps, deliveries by result, refused sends, and the lag from a step's own instant to its send.
/// </summary>
public sealed class ClockTelemetryTests
{
    private const string Team = "T1";
    private const string Rep = "UREP";

    /// <summary>Measurements of this host's <c>CommitmentBot</c> meter only (other hosts run in the same process).</summary>
    private sealed class Recorded : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly List<(string Instrument, double Value, Dictionary<string, string?> Tags)> all = [];

        public Recorded(IMeterFactory scope)
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ClockTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, scope))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
            listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
            listener.Start();
        }

        public IReadOnlyList<(double Value, Dictionary<string, string?> Tags)> Of(string instrument)
        {
            lock (all)
            {
                return all.Where(m => m.Instrument == instrument).Select(m => (m.Value, m.Tags)).ToList();
            }
        }

        public void Dispose() => listener.Dispose();

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, string?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value?.ToString();
            }

            lock (all)
            {
                all.Add((instrument.Name, value, copy));
            }
        }
    }

    /// <summary>A promise made now (Wed 14:00 UTC) due in 3 hours: its heads-up is due at 16:00 UTC, in the rep's hours.</summary>
    private static async Task<SlackHost> StartWithPromiseAsync()
    {
        var host = await SlackHost.StartAsync();
        var reply = await host.SayAsync(Team, Rep, "send revised quote for Acme in 3 hours");
        Assert.Contains("P-1", reply.ToJsonString(), StringComparison.Ordinal);
        return host;
    }

    /// <summary>What the recurring job and the delivery jobs would do, run here by hand.</summary>
    private static async Task RunClockAsync(SlackHost host)
    {
        var jobs = host.Service<ClockJobs>();
        await jobs.SweepAsync(CancellationToken.None);
        foreach (var id in await host.Service<IOutboxStore>().DueDeliveriesAsync(host.Now, NotificationDelivery.Lease, 10, CancellationToken.None))
        {
            await jobs.DeliverAsync(id, CancellationToken.None);
        }
    }

    [Fact]
    public async Task SweepAndSend_AreMeasured_WithTheLagFromTheStepsOwnInstant()
    {
        await using var host = await StartWithPromiseAsync();
        using var recorded = new Recorded(host.Service<IMeterFactory>());
        host.App.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 16, 1, 30, TimeSpan.Zero));

        await RunClockAsync(host);

        Assert.Equal([1.0], recorded.Of("commitmentbot.sweeps").Select(m => m.Value));
        Assert.Equal([1.0], recorded.Of("commitmentbot.sweep.steps").Select(m => m.Value));
        var delivery = Assert.Single(recorded.Of("commitmentbot.deliveries"));
        Assert.Equal("sent", delivery.Tags["result"]);
        Assert.Equal([90.0], recorded.Of("commitmentbot.step.lag").Select(m => m.Value)); // due 16:00:00, sent 16:01:30
        Assert.Empty(recorded.Of("commitmentbot.delivery.failures"));
        Assert.Single(host.Slack.MessagesIn("D" + Rep));
    }

    [Fact]
    public async Task ARefusedSend_IsCountedAsATransientFailure_AndNoLag()
    {
        await using var host = await StartWithPromiseAsync();
        using var recorded = new Recorded(host.Service<IMeterFactory>());
        host.Slack.Enqueue("chat.postMessage", FakeSlack.Error("internal_error"));
        host.App.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 16, 0, 5, TimeSpan.Zero));

        await RunClockAsync(host);

        Assert.Equal("retry_later", Assert.Single(recorded.Of("commitmentbot.deliveries")).Tags["result"]);
        Assert.Equal("transient", Assert.Single(recorded.Of("commitmentbot.delivery.failures")).Tags["kind"]);
        Assert.Empty(recorded.Of("commitmentbot.step.lag"));
    }
}
