using System.Reflection;
using CommitmentBot.Clock;
using CommitmentBot.Tests.Support;
using Hangfire;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Tests.Hosting;

/// <summary><c>Clock:*</c> settings: checked at start-up with the key named, and turned into the sweep's schedule.</summary>
public sealed class ClockOptionsTests
{
    [Theory]
    [InlineData("00:01:00", "* * * * *")]
    [InlineData("00:00:05", "*/5 * * * * *")]
    [InlineData("00:00:30", "*/30 * * * * *")]
    [InlineData("00:05:00", "*/5 * * * *")]
    public void SweepInterval_BecomesACronThatKeepsThePace(string interval, string cron)
    {
        var options = new ClockOptions { SweepInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Null(options.Validate());
        Assert.Equal(cron, options.SweepCron);
    }

    [Theory]
    [InlineData("00:00:07", null, "Clock:SweepInterval")]
    [InlineData("00:00:00.500", null, "Clock:SweepInterval")]
    [InlineData("00:07:00", null, "Clock:SweepInterval")]
    [InlineData("02:00:00", null, "Clock:SweepInterval")]
    [InlineData("00:01:00", "00:00:01", "Clock:DeliveryLease")]
    [InlineData("00:01:00", "02:00:00", "Clock:DeliveryLease")]
    public void BadValues_AreRefused_NamingTheKey(string interval, string? lease, string key)
    {
        var options = new ClockOptions { SweepInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) };
        if (lease is not null)
        {
            options.DeliveryLease = TimeSpan.Parse(lease, System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.Contains(key, options.Validate(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheApp_DoesNotStart_WithABadClockSetting()
    {
        using var app = new TestApp(new Dictionary<string, string?> { ["Clock:SweepInterval"] = "00:00:07" });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Clock:SweepInterval", (error as OptionsValidationException ?? error.InnerException as OptionsValidationException)?.Message ?? error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheSweep_TakesNoHangfireLock()
    {
        // A Hangfire lock outlives a SIGKILLed instance (PostgreSQL storage keeps it for its timeout), and every later
        // sweep then sat on a worker waiting for it; the sweep's own row claims make concurrent sweeps safe.
        var sweep = typeof(ClockJobs).GetMethod(nameof(ClockJobs.SweepAsync))!;

        Assert.Empty(sweep.GetCustomAttributes<DisableConcurrentExecutionAttribute>());
    }
}
