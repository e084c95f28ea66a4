namespace CommitmentBot.Core.Ports;

/// <summary>
/// Told after a person's promises changed and the change was saved (a command or click that created or
/// changed a commitment, a ladder step delivered), so a platform can refresh what it shows about them
/// (Slack's App Home tab). Called on the request or job path: an implementation returns at once and does
/// any slow work in the background, and never throws.
/// </summary>
public interface ICommitmentChangeListener
{
    /// <summary>The promises of <paramref name="ownerId"/> in <paramref name="workspaceId"/> (on <paramref name="platform"/>) changed.</summary>
    void CommitmentsChanged(string platform, string workspaceId, string ownerId);
}

/// <summary>The listener used when nobody needs to hear about changes.</summary>
public sealed class NoCommitmentChangeListener : ICommitmentChangeListener
{
    /// <summary>The shared instance.</summary>
    public static NoCommitmentChangeListener Instance { get; } = new();

    /// <inheritdoc />
    public void CommitmentsChanged(string platform, string workspaceId, string ownerId)
    {
    }
}
