using System.Security.Cryptography;
using System.Text.Json;
using CommitmentBot.Core.Records;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace CommitmentBot.Records;

/// <summary>What a record page token grants: one viewer's view of one subject and period in one workspace, until it expires.</summary>
/// <param name="WorkspaceId">The workspace.</param>
/// <param name="ViewerId">The viewer (the page shows only what they may see, checked again on every view).</param>
/// <param name="Subject">Whose record (<see cref="RecordSubject.Token"/>).</param>
/// <param name="Period">The period (<see cref="RecordPeriod.Token"/>).</param>
/// <param name="ExpiresAt">When the link stops working (Unix milliseconds).</param>
public sealed record RecordPageGrant(string WorkspaceId, string ViewerId, string Subject, string Period, long ExpiresAt);

/// <summary>
/// Signed, expiring links to the record page and its chart images, made with ASP.NET Core Data Protection (the key
/// ring every instance shares). A token is authenticated encryption of its grant: it cannot be guessed, read or
/// altered, the MAC is checked in constant time by Data Protection, and the expiry inside it is checked against the
/// app's clock. A forged, altered or expired token reads as nothing.
/// </summary>
public sealed class RecordLinks(IDataProtectionProvider protection, TimeProvider clock, IConfiguration configuration) : IRecordLinks
{
    /// <summary>How long a link works.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    private readonly IDataProtector pages = protection.CreateProtector("CommitmentBot.RecordPage.v1");
    private readonly IDataProtector charts = protection.CreateProtector("CommitmentBot.RecordChart.v1");

    /// <inheritdoc />
    public string? PageUrl(string workspaceId, string viewerId, RecordSubject subject, RecordPeriod period, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(period);
        return Absolute("/record/" + PageToken(new RecordPageGrant(workspaceId, viewerId, subject.Token, period.Token, (now + Lifetime).ToUnixTimeMilliseconds())));
    }

    /// <summary>The token for a grant.</summary>
    public string PageToken(RecordPageGrant grant) => Protect(pages, JsonSerializer.SerializeToUtf8Bytes(grant, RecordJson.Default.RecordPageGrant));

    /// <summary>The grant a token carries, or null when it is forged, altered or expired.</summary>
    public RecordPageGrant? ReadPage(string? token)
    {
        var bytes = Unprotect(pages, token);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            var grant = JsonSerializer.Deserialize(bytes, RecordJson.Default.RecordPageGrant);
            return grant is not null && grant.ExpiresAt > clock.GetUtcNow().ToUnixTimeMilliseconds() ? grant : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A signed, expiring URL of a chart's PNG (what Teams cards and the sandbox show).</summary>
    public string ChartUrl(RecordChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var grant = new ChartGrant(chart, clock.GetUtcNow().Add(Lifetime).ToUnixTimeMilliseconds());
        return Absolute("/record/chart/" + Protect(charts, JsonSerializer.SerializeToUtf8Bytes(grant, RecordJson.Default.ChartGrant)) + ".png");
    }

    /// <summary>The chart a chart token carries, or null.</summary>
    public RecordChart? ReadChart(string? token)
    {
        var bytes = Unprotect(charts, token);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            var grant = JsonSerializer.Deserialize(bytes, RecordJson.Default.ChartGrant);
            return grant is not null && grant.ExpiresAt > clock.GetUtcNow().ToUnixTimeMilliseconds() ? grant.Chart : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private string Absolute(string path) =>
        configuration["App:PublicUrl"] is { Length: > 0 } root ? root.TrimEnd('/') + path : path;

    private static string Protect(IDataProtector protector, byte[] payload) => WebEncoders.Base64UrlEncode(protector.Protect(payload));

    private static byte[]? Unprotect(IDataProtector protector, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 8192)
        {
            return null;
        }

        try
        {
            return protector.Unprotect(WebEncoders.Base64UrlDecode(token));
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>What a chart token carries.</summary>
    /// <param name="Chart">The chart's data.</param>
    /// <param name="ExpiresAt">Unix milliseconds.</param>
    public sealed record ChartGrant(RecordChart Chart, long ExpiresAt);
}

/// <summary>Source-generated JSON for the tokens.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(RecordPageGrant))]
[System.Text.Json.Serialization.JsonSerializable(typeof(RecordLinks.ChartGrant))]
internal sealed partial class RecordJson : System.Text.Json.Serialization.JsonSerializerContext;
