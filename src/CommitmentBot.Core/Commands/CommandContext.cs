using CommitmentBot.Core.People;
using CommitmentBot.Core.Time;
using NodaTime;

namespace CommitmentBot.Core.Commands;

/// <summary>Everything a feature needs to know about the request: who asks, where, and the one reading of the clock.</summary>
internal sealed record CommandContext(ChatRequest Request, Person Me, WorkspaceSettings Workspace, DateTimeOffset Now, DateTimeZone Zone)
{
    public DueContext DueContext => new(Now, Zone, Workspace.DateOrder, Me.EffectiveWorkingHours);

    public string WorkspaceId => Request.WorkspaceId;

    /// <summary>
    /// Whom the asker stands in for right now on the commitment being changed (an away rep or manager whose cover they are);
    /// filled by <see cref="CommandPorts.MutateAsync"/> before a decider runs, so the cover passes the same checks.
    /// </summary>
    public HashSet<string> CoveringFor { get; } = new(StringComparer.Ordinal);
}
