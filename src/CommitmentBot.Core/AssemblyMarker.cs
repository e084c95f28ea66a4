namespace CommitmentBot.Core;

/// <summary>Marks the Core assembly.</summary>
internal static class AssemblyMarker;
