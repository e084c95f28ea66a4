namespace CommitmentBot.Slack;

/// <summary>How a Slack payload's ids become the app's workspace id.</summary>
internal static class SlackWorkspaces
{
    public const string Platform = "slack";

    /// <summary>
    /// The team id; for an org-wide Enterprise Grid install, the enterprise id (one install, one set of
    /// data for every team of the organisation, whose user ids are organisation-wide).
    /// </summary>
    public static string? IdFor(string? teamId, string? enterpriseId, bool isEnterpriseInstall) =>
        isEnterpriseInstall && !string.IsNullOrEmpty(enterpriseId) ? enterpriseId
        : !string.IsNullOrEmpty(teamId) ? teamId
        : string.IsNullOrEmpty(enterpriseId) ? null : enterpriseId;
}
