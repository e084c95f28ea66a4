namespace CommitmentBot.Slack;
internal static class AssemblyMarker;
