namespace CommitmentBot.Deploy.Tests.Support;

/// <summary>Paths in the repository and in the shared folder beside it (the official schemas).</summary>
internal static class Repository
{
    /// <summary>The folder holding CommitmentBot.sln, found upwards from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string ReadText(params string[] parts) => File.ReadAllText(PathOf(parts));

    /// <summary>True under CI (<c>CI=true</c>), where a missing tool or server fails a test instead of skipping it.</summary>
    public static bool RunningInCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips the test with <paramref name="reason"/>, or fails it under CI.</summary>
    public static void Unavailable(string reason)
    {
        if (RunningInCi)
        {
            Assert.Fail(reason);
        }

        Assert.Skip(reason);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CommitmentBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("CommitmentBot.sln not found above " + AppContext.BaseDirectory);
    }
}
