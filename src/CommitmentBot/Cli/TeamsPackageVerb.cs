using CommitmentBot.Teams.Manifest;

namespace CommitmentBot.Cli;

/// <summary>
/// <c>teams-package --out app.zip [--manifest &lt;folder&gt;]</c>: builds the Teams app package with the app id
/// (<c>Teams:AppId</c>) and public URL (<c>App:PublicUrl</c>) from configuration or the command line, from the copy of
/// manifests/teams built into the app (so it works from a published app or a container), or from a folder.
/// </summary>
public static class TeamsPackageVerb
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        string? outPath = null;
        string? manifestDir = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out" when i + 1 < args.Length:
                    outPath = args[++i];
                    break;
                case "--manifest" when i + 1 < args.Length:
                    manifestDir = args[++i];
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        if (outPath is null)
        {
            error.WriteLine("usage: teams-package --out app.zip [--manifest <folder with manifest.json and icons; default: the built-in copy>] (needs Teams:AppId and App:PublicUrl)");
            return 2;
        }

        var configuration = WebApplication.CreateSlimBuilder([.. rest]).Configuration;
        var appId = configuration["Teams:AppId"];
        var publicUrl = configuration["App:PublicUrl"];
        if (string.IsNullOrWhiteSpace(appId) || string.IsNullOrWhiteSpace(publicUrl))
        {
            error.WriteLine($"teams-package: {(string.IsNullOrWhiteSpace(appId) ? "Teams:AppId" : "App:PublicUrl")} is required (set it in configuration, the environment, or as --Teams:AppId=… / --App:PublicUrl=…).");
            return 2;
        }

        if (manifestDir is not null && !File.Exists(Path.Combine(manifestDir, "manifest.json")))
        {
            error.WriteLine($"teams-package: no manifest.json in {manifestDir}.");
            return 2;
        }

        try
        {
            var package = manifestDir is null
                ? TeamsPackageBuilder.BuildFromEmbedded(appId, publicUrl, Path.GetFullPath(outPath))
                : TeamsPackageBuilder.Build(manifestDir, appId, publicUrl, Path.GetFullPath(outPath));
            output.WriteLine($"teams-package: wrote {package.ZipPath}");
            return 0;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"teams-package: {ex.Message}");
            return 2;
        }
    }
}
