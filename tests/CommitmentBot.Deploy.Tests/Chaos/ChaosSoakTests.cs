using CommitmentBot.Benchmarks.Chaos;
using CommitmentBot.Deploy.Tests.Support;

namespace CommitmentBot.Deploy.Tests.Chaos;

/// <summary>
/// The short chaos soak (about ten SIGKILLs) that CI runs; the full one (100+ kills) is
/// <c>dotnet run -c Release --project tests/CommitmentBot.Benchmarks -- chaos</c>. Two published app processes on one
/// PostgreSQL database, one killed every few seconds at a random moment, and every ladder step of every promise
/// counted where Slack would receive it.
/// </summary>
public sealed class ChaosSoakTests(PublishedApp published, ITestOutputHelper output)
{
    private async Task<(ChaosReport Report, ChaosSettings Settings)> RunAsync(bool lookupSupported)
    {
        var server = TestPostgres.Server();
        await published.EnsurePublishedAsync();
        var settings = ChaosSettings.Brief(published.AppDll, server, Path.Combine(Path.GetTempPath(), "commitmentbot-chaos-ci"), lookupSupported);
        var log = new StringWriter();
        var started = DateTime.UtcNow;
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        var report = await ChaosRun.RunAsync(settings with { Progress = log }, TestContext.Current.CancellationToken);
        ChaosHarness.Print(report, settings, DateTime.UtcNow - started, load, File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a", log);
        output.WriteLine(log.ToString());
        return (report, settings);
    }

    [Fact]
    public async Task ShortSoak_DeliversEveryLadderStepExactlyOnce_OnSlack()
    {
        var (report, settings) = await RunAsync(lookupSupported: true);

        Assert.True(report.Kills >= settings.Kills);
        Assert.True(report.Promises > 0);
        Assert.Equal(report.StepsExpected, report.Delivered);
        Assert.Equal(0, report.Lost);
        Assert.Equal(0, report.Duplicates);
        Assert.Empty(report.Problems);
    }

    [Fact]
    public async Task ShortSoak_LosesNothing_AndRepeatsOnlyWhatAKillCutOff_WithATeamsLikeSender()
    {
        var (report, settings) = await RunAsync(lookupSupported: false);

        Assert.True(report.Kills >= settings.Kills);
        Assert.True(report.Promises > 0);
        Assert.Equal(report.StepsExpected, report.Delivered);
        Assert.Equal(0, report.Lost);
        Assert.Equal(0, report.UnexplainedDuplicates);
        Assert.Empty(report.Problems);
    }
}
