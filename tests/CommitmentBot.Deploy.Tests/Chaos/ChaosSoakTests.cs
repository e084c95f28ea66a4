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
        var report = await ChaosHarness.RunAndPrintAsync(settings, log, TestContext.Current.CancellationToken);
        output.WriteLine(log.ToString());
        return (report, settings);
    }

    /// <summary>
    /// Slack (the sender looks a cut-off send up in the channel history): every step exactly once. Teams-like (it
    /// cannot look): nothing lost, and a step repeats only where a kill fell between the platform taking the message
    /// and the outbox recording it.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ShortSoak_DeliversEveryLadderStep_AndRepeatsOnlyWhatAKillCutOff(bool lookupSupported)
    {
        var (report, settings) = await RunAsync(lookupSupported);

        Assert.True(report.Kills >= settings.Kills);
        Assert.True(report.Promises > 0);
        Assert.Equal(report.StepsExpected, report.Delivered);
        Assert.Equal(0, report.Lost);
        Assert.Equal(0, report.UnexplainedDuplicates);
        Assert.Equal(0, lookupSupported ? report.Duplicates : report.UnexplainedDuplicates);
        Assert.Equal(0, report.CommandsLostToKills);
        Assert.Empty(report.Problems);
    }
}
