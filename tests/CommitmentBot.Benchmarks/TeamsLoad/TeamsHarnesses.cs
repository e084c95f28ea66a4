namespace CommitmentBot.Benchmarks.TeamsLoad;

/// <summary>teams-load: the real app on Kestrel under signed Bot Framework activities at a steady rate.</summary>
public sealed class TeamsLoadEntry : IHarness
{
    public string Name => "teams-load";

    public string Description => "signed Teams activities against the real app with fake Microsoft services [--help]";

    public Task<int> RunAsync(string[] args) => TeamsLoadHarness.RunAsync(args);
}

/// <summary>teams-jwt: Bot Framework tokens validated per CPU-second.</summary>
public sealed class TeamsJwtEntry : IHarness
{
    public string Name => "teams-jwt";

    public string Description => "Bot Framework JWTs validated per CPU-second [--seconds 10] [--threads 1]";

    public Task<int> RunAsync(string[] args) => JwtThroughput.RunAsync(args);
}
