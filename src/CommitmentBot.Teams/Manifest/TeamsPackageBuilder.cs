using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CommitmentBot.Teams.Manifest;

/// <summary>What <see cref="TeamsPackageBuilder.Build"/> wrote.</summary>
/// <param name="ZipPath">The app package.</param>
/// <param name="Manifest">The filled-in manifest, as stored in the package.</param>
public sealed record TeamsAppPackage(string ZipPath, JsonObject Manifest);

/// <summary>
/// Builds the Teams app package: <c>manifest.json</c> from the template in <c>manifests/teams</c>
/// with the bot's app id and the public URL filled in, and the two committed icons, zipped at the root.
/// </summary>
public static class TeamsPackageBuilder
{
    public const string ManifestFileName = "manifest.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// Reads <paramref name="manifestDir"/>/manifest.json, sets the app and bot id to
    /// <paramref name="appId"/> (<c>Teams:AppId</c>) and the developer URLs and valid domain to
    /// <paramref name="publicUrl"/> (<c>App:PublicUrl</c>), and writes the zip to <paramref name="outZipPath"/>.
    /// Icons named by the manifest are taken from the folder, or from the embedded copy of the committed icons
    /// (manifests/teams) when the folder has none of that name.
    /// </summary>
    public static TeamsAppPackage Build(string manifestDir, string appId, string publicUrl, string outZipPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(manifestDir);
        var templatePath = Path.Combine(manifestDir, ManifestFileName);
        if (!File.Exists(templatePath))
        {
            throw new FileNotFoundException($"No {ManifestFileName} in {manifestDir}.", templatePath);
        }

        return BuildPackage(name => File.Exists(Path.Combine(manifestDir, name)) ? File.ReadAllBytes(Path.Combine(manifestDir, name)) : ReadEmbedded(name), templatePath, appId, publicUrl, outZipPath);
    }

    /// <summary>
    /// As <see cref="Build(string, string, string, string)"/>, from the copy of manifests/teams embedded in this assembly
    /// at build time: a published app or a container image builds the package with no repository at hand.
    /// </summary>
    public static TeamsAppPackage BuildFromEmbedded(string appId, string publicUrl, string outZipPath) =>
        BuildPackage(ReadEmbedded, "the embedded " + ManifestFileName, appId, publicUrl, outZipPath);

    /// <summary>A file of the embedded manifests/teams copy, or null.</summary>
    public static byte[]? ReadEmbedded(string name)
    {
        using var stream = typeof(TeamsPackageBuilder).Assembly.GetManifestResourceStream(EmbeddedPrefix + name);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private const string EmbeddedPrefix = "CommitmentBot.Teams.Manifest.Template.";

    private static TeamsAppPackage BuildPackage(Func<string, byte[]?> read, string templateName, string appId, string publicUrl, string outZipPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outZipPath);
        var templateBytes = read(ManifestFileName) ?? throw new FileNotFoundException($"No {ManifestFileName}.", templateName);
        JsonObject template;
        try
        {
            template = JsonNode.Parse(templateBytes) as JsonObject
                ?? throw new InvalidDataException($"{templateName} is not a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{templateName} is not valid JSON: {ex.Message}", ex);
        }

        var manifest = Fill(template, appId, publicUrl);
        var icons = manifest["icons"] as JsonObject ?? throw new InvalidDataException("The manifest names no icons.");
        var colorName = icons["color"]?.GetValue<string>() ?? throw new InvalidDataException("The manifest names no colour icon.");
        var outlineName = icons["outline"]?.GetValue<string>() ?? throw new InvalidDataException("The manifest names no outline icon.");

        var colorIcon = read(colorName) ?? throw new InvalidDataException($"No colour icon '{colorName}' beside {templateName}, nor built in.");
        var outlineIcon = read(outlineName) ?? throw new InvalidDataException($"No outline icon '{outlineName}' beside {templateName}, nor built in.");

        var directory = Path.GetDirectoryName(Path.GetFullPath(outZipPath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var temporary = outZipPath + ".tmp";
        using (var stream = File.Create(temporary))
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
        {
            Add(zip, ManifestFileName, System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString(Indented)));
            Add(zip, colorName, colorIcon);
            Add(zip, outlineName, outlineIcon);
        }

        File.Move(temporary, outZipPath, overwrite: true);
        return new TeamsAppPackage(outZipPath, manifest);
    }

    /// <summary>Returns a copy of <paramref name="template"/> with the ids, URLs and valid domains set.</summary>
    public static JsonObject Fill(JsonObject template, string appId, string publicUrl)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (!Guid.TryParse(appId, out var id))
        {
            throw new ArgumentException($"Teams:AppId must be a GUID, not '{appId}'.", nameof(appId));
        }

        if (!Uri.TryCreate(publicUrl, UriKind.Absolute, out var baseUri) || baseUri.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"App:PublicUrl must be an absolute https URL, not '{publicUrl}'.", nameof(publicUrl));
        }

        var manifest = (JsonObject)template.DeepClone();
        var appIdText = id.ToString("D");
        manifest["id"] = appIdText;
        if (manifest["bots"] is JsonArray bots)
        {
            foreach (var bot in bots.OfType<JsonObject>())
            {
                bot["botId"] = appIdText;
            }
        }

        // The message action's extension is served by the same bot.
        if (manifest["composeExtensions"] is JsonArray extensions)
        {
            foreach (var extension in extensions.OfType<JsonObject>())
            {
                extension["botId"] = appIdText;
            }
        }

        // Resource-specific consent (ChannelMessage.Read.Group) needs the app's Entra id; the resource is not used by RSC.
        if (manifest["webApplicationInfo"] is JsonObject webApplication)
        {
            webApplication["id"] = appIdText;
            webApplication["resource"] = $"api://{(baseUri.IsDefaultPort ? baseUri.Host : baseUri.Authority)}/{appIdText}";
        }

        if (manifest["developer"] is JsonObject developer)
        {
            foreach (var key in new[] { "websiteUrl", "privacyUrl", "termsOfUseUrl" })
            {
                developer[key] = Rebase(developer[key]?.GetValue<string>(), baseUri);
            }
        }

        manifest["validDomains"] = new JsonArray(baseUri.IsDefaultPort ? baseUri.Host : baseUri.Authority);
        return manifest;
    }

    // Keeps the template URL's path (e.g. /privacy) under the public URL.
    private static string Rebase(string? templateUrl, Uri baseUri)
    {
        var path = Uri.TryCreate(templateUrl, UriKind.Absolute, out var uri) ? uri.PathAndQuery : "/";
        var root = baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return root + path;
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        using var stream = entry.Open();
        stream.Write(content);
    }
}
