namespace CommitmentBot.Benchmarks.SlackLoad;

/// <summary>slack-load: the real app on Kestrel under signed slash commands at a steady rate.</summary>
public sealed class SlackLoadHarness : IHarness
{
    public string Name => "slack-load";

    public string Description => "signed slash commands at 200/s for 60 s against the real app [--provider PostgreSql]";

    public Task<int> RunAsync(string[] args) => SlackLoadRun.RunAsync(args);
}
