namespace CommitmentBot.Storage;
internal static class AssemblyMarker;
