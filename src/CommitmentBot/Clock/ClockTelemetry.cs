using System.Diagnostics;
using System.Diagnostics.Metrics;
using CommitmentBot.Core.Escalation;

namespace CommitmentBot.Clock;

/// <summary>
/// The clock's own meters and spans (meter and activity source <c>CommitmentBot</c>), exported with the rest by
/// Prometheus (/metrics) and OTLP: sweeps and the steps they took, deliveries by how they ended, delivery failures,
/// and the lag from a ladder step's own instant to its send — the figure that says whether nudges are punctual.
/// </summary>
public sealed class ClockTelemetry
{
    public const string Name = "CommitmentBot";

    private readonly Counter<long> sweeps;
    private readonly Counter<long> steps;
    private readonly Counter<long> deliveries;
    private readonly Counter<long> failures;
    private readonly Histogram<double> lag;

    public ClockTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(Name); // owned (and disposed) by the factory
        sweeps = meter.CreateCounter<long>("commitmentbot.sweeps", "{sweep}", "Sweeps run by this instance.");
        steps = meter.CreateCounter<long>("commitmentbot.sweep.steps", "{step}", "Ladder steps the sweeps found due and handled.");
        deliveries = meter.CreateCounter<long>("commitmentbot.deliveries", "{delivery}", "Delivery attempts, by result (sent, cancelled, retry_later, failed, released, not_claimable).");
        failures = meter.CreateCounter<long>("commitmentbot.delivery.failures", "{delivery}", "Sends the chat platform refused, by kind (transient: retried later; permanent: given up).");
        lag = meter.CreateHistogram<double>(
            "commitmentbot.step.lag",
            "s",
            "From a ladder step's own instant to its message reaching the chat platform.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600] });
    }

    /// <summary>Spans for the sweep and each delivery (Hangfire jobs have no request to hang them on).</summary>
    public static ActivitySource Activities { get; } = new(Name);

    public void Swept(TickOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        sweeps.Add(1);
        steps.Add(outcome.Claimed);
    }

    public void Delivered(DeliveryOutcome outcome, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        deliveries.Add(1, new KeyValuePair<string, object?>("result", ResultName(outcome.Result)));
        switch (outcome.Result)
        {
            case DeliveryResult.RetryLater:
                failures.Add(1, new KeyValuePair<string, object?>("kind", "transient"));
                break;
            case DeliveryResult.Failed:
                failures.Add(1, new KeyValuePair<string, object?>("kind", "permanent"));
                break;
            case DeliveryResult.Sent when outcome.StepAt is { } stepAt:
                lag.Record(Math.Max(0, (now - stepAt).TotalSeconds));
                break;
        }
    }

    public static string ResultName(DeliveryResult result) => result switch
    {
        DeliveryResult.Sent => "sent",
        DeliveryResult.NotClaimable => "not_claimable",
        DeliveryResult.Cancelled => "cancelled",
        DeliveryResult.RetryLater => "retry_later",
        DeliveryResult.Failed => "failed",
        DeliveryResult.Released => "released",
        _ => "other",
    };
}
