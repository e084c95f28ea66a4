namespace CommitmentBot.Tests.Teams;

/// <summary>
/// The Teams host tests run one at a time, apart from every other test class: each starts a host, a fake
/// Microsoft and 16 activity workers, and their waits stay predictable on a 2-core machine that way. (They
/// were first kept apart for Hangfire's process-wide log provider, which broke other hosts when its own host
/// was disposed; <c>HangfireLogProvider</c> now makes that safe for every host.)
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TeamsHostGroup
{
    public const string Name = "Teams app hosts";
}
