using CommitmentBot.Core.People;

namespace CommitmentBot.TestSupport.Stores;

/// <summary>
/// The people most Core tests start from: workspace T1 with Ana (New York) reporting to Maria (Chicago), on a Wednesday
/// morning. Each property gives a new instance, so a test may change its copy freely.
/// </summary>
public static class SampleTeam
{
    public const string Workspace = "T1";

    /// <summary>Wednesday 25 Nov 2026, 09:00 in New York, 08:00 in Chicago.</summary>
    public static readonly DateTimeOffset Wednesday = new(2026, 11, 25, 14, 0, 0, TimeSpan.Zero);

    /// <summary>Ana, a rep in New York whose manager is Maria.</summary>
    public static Person Ana => new() { WorkspaceId = Workspace, UserId = "ana", DisplayName = "Ana", TimeZone = "America/New_York", ManagerId = "maria" };

    /// <summary>Maria, Ana's manager, in Chicago.</summary>
    public static Person Maria => new() { WorkspaceId = Workspace, UserId = "maria", DisplayName = "Maria", TimeZone = "America/Chicago" };

    /// <summary>Sam, an admin in London.</summary>
    public static Person Sam => new() { WorkspaceId = Workspace, UserId = "sam", DisplayName = "Sam", TimeZone = "Europe/London", IsAdmin = true };

    /// <summary>Ana and Maria, then <paramref name="others"/>.</summary>
    public static Person[] With(params Person[] others) => [Ana, Maria, .. others];
}
