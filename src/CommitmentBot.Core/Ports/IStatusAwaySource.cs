using CommitmentBot.Core.Escalation;

namespace CommitmentBot.Core.Ports;

/// <summary>
/// Where a platform says a person is out (a Slack status), read when a ladder step is about to go to them and the workspace
/// has turned <c>admin policy status-away on</c>. Implementations cache what they read for a few minutes.
/// </summary>
public interface IStatusAwaySource
{
    /// <summary>The platform this source reads (<c>slack</c>).</summary>
    string Platform { get; }

    /// <summary>The absence the person's status says (without a cover), or null when it says nothing of the kind or cannot be read.</summary>
    Task<Absence?> ReadAsync(string workspaceId, string userId, DateTimeOffset now, CancellationToken cancellationToken);
}
