namespace CommitmentBot.Hosting;

/// <summary>The short privacy statement and terms the app manifests link to.</summary>
public static class LegalText
{
    public const string Privacy =
        "CommitmentBot privacy statement\n\n"
        + "CommitmentBot stores what you tell it: the promises you make to customers (text, customer name, due time), "
        + "their history, your time zone, working hours and who your manager is. It stores them in your organisation's "
        + "own database, separately for each workspace, and never shares them outside the workspace. Direct messages "
        + "and escalations go only to you, your manager and the escalation channel your admin chose. Bot tokens are "
        + "encrypted at rest. Ask your admin to remove your data; uninstalling the app removes its tokens.\n";

    public const string Terms =
        "CommitmentBot terms of use\n\n"
        + "CommitmentBot is provided by your organisation to help keep promises to customers. Use it for work "
        + "commitments only. It reminds and escalates on a schedule; it does not guarantee delivery. Your organisation's "
        + "admin controls its settings and data.\n";
}
