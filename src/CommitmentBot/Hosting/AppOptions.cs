using System.ComponentModel.DataAnnotations;

namespace CommitmentBot.Hosting;

/// <summary>The app's own settings (section <c>App</c>).</summary>
public sealed class AppOptions
{
    public const string Section = "App";

    /// <summary>The public base URL (<c>App:PublicUrl</c>), used in the Teams package and Slack manifest.</summary>
    [Url(ErrorMessage = "App:PublicUrl must be an absolute URL such as https://bot.example.com.")]
    public string? PublicUrl { get; set; }

    /// <summary>Folder for the embedded database and the sandbox clock (<c>App:DataPath</c>); default <c>data</c> under the content root.</summary>
    public string? DataPath { get; set; }

    /// <summary>The data folder, created if missing.</summary>
    public static string ResolveDataPath(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[$"{Section}:DataPath"];
        var path = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(environment.ContentRootPath, "data")
            : Path.GetFullPath(configured, environment.ContentRootPath);
        Directory.CreateDirectory(path);
        return path;
    }
}
