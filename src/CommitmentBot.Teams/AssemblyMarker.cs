namespace CommitmentBot.Teams;
internal static class AssemblyMarker;
