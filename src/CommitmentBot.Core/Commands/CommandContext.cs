using CommitmentBot.Core.People;
using CommitmentBot.Core.Time;
using NodaTime;

namespace CommitmentBot.Core.Commands;

/// <summary>Everything a feature needs to know about the request: who asks, where, and the one reading of the clock.</summary>
internal sealed record CommandContext(ChatRequest Request, Person Me, WorkspaceSettings Workspace, DateTimeOffset Now, DateTimeZone Zone)
{
    public DueContext DueContext => new(Now, Zone, Workspace.DateOrder, Me.EffectiveWorkingHours);

    public string WorkspaceId => Request.WorkspaceId;
}
