namespace CommitmentBot.Hosting;

/// <summary>Which chat surfaces this deployment serves: Slack and/or Teams when configured, else the sandbox.</summary>
/// <param name="Slack">Slack credentials are configured.</param>
/// <param name="Teams">Teams credentials are configured.</param>
public sealed record ChatPlatforms(bool Slack, bool Teams)
{
    /// <summary>With no chat credentials the app runs the local sandbox chat.</summary>
    public bool Sandbox => !Slack && !Teams;

    public static ChatPlatforms Detect(IConfiguration configuration) => new(
        Slack: CommitmentBot.Slack.SlackOptions.IsConfigured(configuration),
        Teams: CommitmentBot.Teams.TeamsOptions.IsConfigured(configuration));
}
