namespace CommitmentBot.Tests.Teams;

/// <summary>
/// The Teams host tests run one at a time, apart from every other test class. Hangfire keeps one
/// process-wide log provider bound to the logger factory of the host that configured it last; when a
/// host is disposed while another is starting, the other fails to create Hangfire's job client
/// (ObjectDisposedException from that factory) and its first activity is lost. Outside tests there is
/// one host per process.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TeamsHostGroup
{
    public const string Name = "Teams app hosts";
}
