namespace CommitmentBot.Benchmarks.Clock;

/// <summary>load: the clock's burst, query-plan and Hangfire-comparison measurements (see <see cref="LoadHarness"/>).</summary>
public sealed class ClockLoadHarness : IHarness
{
    public string Name => "load";

    public string Description => "the clock: load burst|explain|hangfire [options] (10k due at once, plans at 1M, naive Hangfire design)";

    public Task<int> RunAsync(string[] args) => LoadHarness.RunAsync(args);
}
