using System.Globalization;
using CommitmentBot.Core.Escalation;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Clock;

/// <summary>How this instance runs the clock (section <c>Clock</c>).</summary>
public sealed class ClockOptions
{
    public const string Section = "Clock";

    /// <summary><c>Clock:RunServer</c>: false keeps this instance from processing jobs (tests drive the sweep; a deployment may keep some instances HTTP-only).</summary>
    public bool RunServer { get; set; } = true;

    /// <summary>
    /// <c>Clock:SweepInterval</c>: how often the sweep looks for due steps (default one minute). A step waits at most
    /// this long past its time, so a shorter interval means more punctual nudges for a few more idle queries.
    /// </summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// <c>Clock:DeliveryLease</c>: how long a send may take before another instance treats its sender as crashed and
    /// checks (or, where the platform cannot tell, resends). It must comfortably exceed the chat platforms' request timeouts.
    /// </summary>
    public TimeSpan DeliveryLease { get; set; } = NotificationDelivery.Lease;

    /// <summary>The Hangfire cron expression for <see cref="SweepInterval"/> (with a seconds field below a minute).</summary>
    public string SweepCron => SweepInterval < TimeSpan.FromMinutes(1)
        ? string.Create(CultureInfo.InvariantCulture, $"*/{(int)SweepInterval.TotalSeconds} * * * * *")
        : SweepInterval == TimeSpan.FromMinutes(1)
            ? "* * * * *"
            : string.Create(CultureInfo.InvariantCulture, $"*/{(int)SweepInterval.TotalMinutes} * * * *");

    /// <summary>Reads the section; throws <see cref="OptionsValidationException"/> naming the key to fix.</summary>
    public static ClockOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ClockOptions options;
        try
        {
            options = configuration.GetSection(Section).Get<ClockOptions>() ?? new ClockOptions();
        }
        catch (InvalidOperationException ex)
        {
            throw new OptionsValidationException(Section, typeof(ClockOptions), [$"Clock settings do not read: {ex.Message}"]);
        }

        if (options.Validate() is { } problem)
        {
            throw new OptionsValidationException(Section, typeof(ClockOptions), [problem]);
        }

        return options;
    }

    /// <summary>The problem with these values, naming the key, or null.</summary>
    public string? Validate()
    {
        // Cron fires on the clock's boundaries, so only intervals that divide a minute (in seconds) or an hour
        // (in minutes) keep a steady pace.
        var seconds = SweepInterval.TotalSeconds;
        var steady = seconds % 1 == 0 && (seconds < 60
            ? seconds >= 1 && 60 % seconds == 0
            : seconds % 60 == 0 && seconds <= 3600 && 60 % (seconds / 60) == 0);
        if (!steady)
        {
            return $"Clock:SweepInterval '{SweepInterval}' must divide a minute in whole seconds (e.g. 00:00:05, 00:00:30) or an hour in whole minutes (e.g. 00:01:00, 00:05:00).";
        }

        if (DeliveryLease < TimeSpan.FromSeconds(5) || DeliveryLease > TimeSpan.FromHours(1))
        {
            return $"Clock:DeliveryLease '{DeliveryLease}' must be between 00:00:05 and 01:00:00 (and longer than any send can take).";
        }

        return null;
    }
}
