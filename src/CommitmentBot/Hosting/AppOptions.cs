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

    /// <summary>Where the app listens when the deployment names no address: the sandbox's documented one.</summary>
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>
    /// The address to listen on when none of ASP.NET Core's own settings names one (<c>ASPNETCORE_URLS</c> /
    /// <c>Urls</c> / <c>--urls</c>, <c>ASPNETCORE_HTTP_PORTS</c>, <c>ASPNETCORE_HTTPS_PORTS</c>, <c>Kestrel:Endpoints</c>); else null.
    /// (Not an <c>Urls</c> entry in appsettings.json: that would override the environment variables.)
    /// </summary>
    public static string? DefaultUrlUnlessConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var named = !string.IsNullOrWhiteSpace(configuration["urls"])
            || !string.IsNullOrWhiteSpace(configuration["http_ports"])
            || !string.IsNullOrWhiteSpace(configuration["https_ports"])
            || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
        return named ? null : DefaultUrl;
    }
}
