namespace CommitmentBot.Benchmarks.SocketLoad;

/// <summary>socket-load: the real app over Slack Socket Mode, envelopes at a steady rate from a loopback fake Slack.</summary>
public sealed class SocketLoadHarness : IHarness
{
    public string Name => "socket-load";

    public string Description => "Socket Mode envelopes (slash_commands + events_api) at 200/s for 60 s; ack p99, lost, handled twice";

    public Task<int> RunAsync(string[] args) => SocketLoadRun.RunAsync(args);
}
