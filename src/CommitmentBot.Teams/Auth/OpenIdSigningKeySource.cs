using System.Collections.Frozen;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CommitmentBot.Teams.Auth;

/// <summary>
/// Reads the OpenID metadata document, then its <c>jwks_uri</c>, and keeps the keys with their
/// <c>endorsements</c>. Our own small cache rather than Wilson's ConfigurationManager because it
/// must follow the injected clock and refresh synchronously on an unknown kid.
/// </summary>
public sealed class OpenIdSigningKeySource(
    IHttpClientFactory httpClientFactory,
    IOptions<TeamsOptions> options,
    TimeProvider timeProvider,
    ILogger<OpenIdSigningKeySource> logger) : ISigningKeySource, IDisposable
{
    public const string HttpClientName = "CommitmentBot.Teams.OpenId";

    // After a failed refresh, a caller holding old keys keeps using them and we try again this much later.
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(1);

    // With no keys at all, requests during an outage fail at once for this long instead of each queueing for a fetch.
    private static readonly TimeSpan FailFastAfterFailure = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile SigningKeySet? _current;

    // UTC ticks, read without the gate: a long is read and written whole, a DateTimeOffset is not.
    private long _nextRefreshAt;
    private long _lastForcedRefreshAt;
    private long _failedUntil;

    /// <summary>How many times the metadata has been fetched (for diagnostics and tests).</summary>
    public int FetchCount { get; private set; }

    public ValueTask<SigningKeySet> GetAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        var now = timeProvider.GetUtcNow().UtcTicks;
        if (current is not null && now < Volatile.Read(ref _nextRefreshAt))
        {
            return ValueTask.FromResult(current);
        }

        if (current is null && now < Volatile.Read(ref _failedUntil))
        {
            throw new SigningKeysUnavailableException("The Bot Framework signing keys could not be read a moment ago.");
        }

        return new ValueTask<SigningKeySet>(RefreshAsync(force: false, cancellationToken));
    }

    public async ValueTask<SigningKeySet> RefreshForUnknownKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && (current.Keys.ContainsKey(keyId)
            || timeProvider.GetUtcNow().UtcTicks - Volatile.Read(ref _lastForcedRefreshAt) < options.Value.SigningKeyMinRefreshInterval.Ticks))
        {
            return current;
        }

        return await RefreshAsync(force: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SigningKeySet> RefreshAsync(bool force, CancellationToken cancellationToken)
    {
        var before = _current;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller refreshed while this one waited.
            if (_current is { } fresh && !ReferenceEquals(fresh, before))
            {
                return fresh;
            }

            var now = timeProvider.GetUtcNow();
            if (!force && _current is { } held && now.UtcTicks < Volatile.Read(ref _nextRefreshAt))
            {
                return held;
            }

            if (force)
            {
                Volatile.Write(ref _lastForcedRefreshAt, now.UtcTicks);
            }

            try
            {
                var set = await FetchAsync(cancellationToken).ConfigureAwait(false);
                _current = set;
                Volatile.Write(ref _nextRefreshAt, (now + options.Value.SigningKeyRefreshInterval).UtcTicks);
                return set;
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or ArgumentException or InvalidOperationException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (_current is { } stale)
                {
                    logger.LogWarning(ex, "Could not refresh the Bot Framework signing keys; keeping the {Count} keys fetched at {FetchedAt}", stale.Keys.Count, stale.FetchedAt);
                    Volatile.Write(ref _nextRefreshAt, (now + RetryAfterFailure).UtcTicks);
                    return stale;
                }

                Volatile.Write(ref _failedUntil, (now + FailFastAfterFailure).UtcTicks);
                throw new SigningKeysUnavailableException("The Bot Framework signing keys could not be read.", ex);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<SigningKeySet> FetchAsync(CancellationToken cancellationToken)
    {
        FetchCount++;
        var client = httpClientFactory.CreateClient(HttpClientName);
        var metadataUrl = RequireSafeUrl(options.Value.OpenIdMetadataUrl, "OpenID metadata");
        var metadataJson = await GetStringAsync(client, metadataUrl, cancellationToken).ConfigureAwait(false);
        var metadata = OpenIdConnectConfiguration.Create(metadataJson);
        if (string.IsNullOrEmpty(metadata.JwksUri))
        {
            throw new InvalidOperationException("The OpenID metadata names no jwks_uri.");
        }

        var jwksUrl = RequireSafeUrl(metadata.JwksUri, "jwks_uri");
        var jwksJson = await GetStringAsync(client, jwksUrl, cancellationToken).ConfigureAwait(false);
        var keys = ParseKeys(jwksJson);
        if (keys.Count == 0)
        {
            throw new InvalidOperationException("The key set holds no usable RSA signing key.");
        }

        logger.LogInformation("Read {Count} Bot Framework signing keys from {Url}", keys.Count, jwksUrl);
        return new SigningKeySet(keys, timeProvider.GetUtcNow());
    }

    /// <summary>Parses a JWKS document into RSA keys by kid with their endorsements.</summary>
    public static FrozenDictionary<string, EndorsedKey> ParseKeys(string jwksJson)
    {
        var set = new JsonWebKeySet(jwksJson);
        var endorsements = ReadEndorsements(jwksJson);
        var keys = new Dictionary<string, EndorsedKey>(StringComparer.Ordinal);
        foreach (var key in set.Keys)
        {
            if (string.IsNullOrEmpty(key.Kid) || key.Kty != JsonWebAlgorithmsKeyTypes.RSA || (key.Use is { Length: > 0 } use && use != "sig"))
            {
                continue;
            }

            endorsements.TryGetValue(key.Kid, out var channels);
            keys[key.Kid] = new EndorsedKey(key, channels ?? []);
        }

        return keys.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static Dictionary<string, string[]> ReadEndorsements(string jwksJson)
    {
        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(jwksJson);
        if (!document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
        {
            return result;
        }

        foreach (var key in keys.EnumerateArray())
        {
            if (key.ValueKind == JsonValueKind.Object
                && key.TryGetProperty("kid", out var kid) && kid.ValueKind == JsonValueKind.String
                && key.TryGetProperty("endorsements", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                result[kid.GetString()!] = [.. list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)];
            }
        }

        return result;
    }

    private async Task<string> GetStringAsync(HttpClient client, Uri url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.ConnectorTimeout);
        using var response = await client.GetAsync(url, timeout.Token).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"GET {url} answered {(int)response.StatusCode}.", null, response.StatusCode);
        }

        return await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
    }

    // Keys decide who may talk to the bot: fetch them over https only (plain http only to this machine, for tests).
    private static Uri RequireSafeUrl(string value, string what)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            throw new InvalidOperationException($"The {what} URL must be https: {value}");
        }

        return uri;
    }

    public void Dispose() => _gate.Dispose();
}

/// <summary>No signing keys could be read, so no token can be checked.</summary>
public sealed class SigningKeysUnavailableException : Exception
{
    public SigningKeysUnavailableException()
    {
    }

    public SigningKeysUnavailableException(string message)
        : base(message)
    {
    }

    public SigningKeysUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
