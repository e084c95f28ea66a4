using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.People;

/// <summary>A workspace's settings: escalation channel, date order, policy.</summary>
public sealed record WorkspaceSettings
{
    /// <summary>The workspace.</summary>
    public required string WorkspaceId { get; init; }

    /// <summary>Which platform the workspace lives on (<c>slack</c>, <c>teams</c>, <c>sandbox</c>).</summary>
    public required string Platform { get; init; }

    /// <summary>The escalation channel's id, or null when none is set.</summary>
    public string? EscalationChannelId { get; init; }

    /// <summary>How numeric dates are read.</summary>
    public DateOrder DateOrder { get; init; } = DateOrder.MDY;

    /// <summary>The policy new commitments are created under.</summary>
    public EscalationPolicy Policy { get; init; } = EscalationPolicy.Default;

    /// <summary>When the admin was told that a rep has no manager (told once per workspace).</summary>
    public DateTimeOffset? AdminToldNoManagerAt { get; init; }

    /// <summary>When the admin was told that no escalation channel is set (told once per workspace).</summary>
    public DateTimeOffset? AdminToldNoChannelAt { get; init; }

    /// <summary>Optimistic-concurrency version (0 for a workspace not yet stored).</summary>
    public int Version { get; init; }

    /// <summary>The settings of a workspace that has set nothing yet.</summary>
    public static WorkspaceSettings NewFor(string workspaceId, string platform) => new() { WorkspaceId = workspaceId, Platform = platform };
}
