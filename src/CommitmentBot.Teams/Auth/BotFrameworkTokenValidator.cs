using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CommitmentBot.Teams.Auth;

/// <summary>The outcome of checking an inbound request's bearer token.</summary>
/// <param name="IsValid">True when the request may be acted on.</param>
/// <param name="Failure">Why not (safe to log; never contains the token).</param>
public sealed record TokenCheck(bool IsValid, string? Failure)
{
    public static readonly TokenCheck Valid = new(true, null);

    public static TokenCheck Fail(string reason) => new(false, reason);
}

/// <summary>Checks the Bot Framework token on an inbound activity (the SDK's <c>BotFrameworkAuthentication.AuthenticateRequestAsync</c>).</summary>
public interface IBotFrameworkTokenValidator
{
    /// <summary>Validates <paramref name="authorizationHeader"/> for an activity from <paramref name="channelId"/> with <paramref name="serviceUrl"/>.</summary>
    ValueTask<TokenCheck> ValidateAsync(string? authorizationHeader, string? channelId, string? serviceUrl, CancellationToken cancellationToken);
}

/// <summary>
/// Validates channel-issued tokens: RS256 signature by a published key (refetched on an unknown
/// kid), issuer <c>https://api.botframework.com</c>, audience = our app id, lifetime with skew,
/// the key endorsed for the activity's channel, and the <c>serviceurl</c> claim equal to the
/// activity's service URL. Validation parameters are built once per key set.
/// </summary>
public sealed class BotFrameworkTokenValidator(
    ISigningKeySource keySource,
    IOptions<TeamsOptions> options,
    TimeProvider timeProvider,
    ILogger<BotFrameworkTokenValidator> logger) : IBotFrameworkTokenValidator
{
    private const string ServiceUrlClaim = "serviceurl";
    private static readonly JsonWebTokenHandler Handler = new() { MaximumTokenSizeInBytes = 16 * 1024 };

    private volatile Tuple<SigningKeySet, TokenValidationParameters>? _parameters;

    public async ValueTask<TokenCheck> ValidateAsync(string? authorizationHeader, string? channelId, string? serviceUrl, CancellationToken cancellationToken)
    {
        if (authorizationHeader is null || !authorizationHeader.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return TokenCheck.Fail("no bearer token");
        }

        var raw = authorizationHeader.AsSpan(7).Trim().ToString();
        JsonWebToken token;
        try
        {
            token = Handler.ReadJsonWebToken(raw);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenMalformedException)
        {
            return TokenCheck.Fail("malformed token");
        }

        // Checked before any key lookup so "alg: none" and HMAC tokens cost nothing and cannot force a refresh.
        if (!string.Equals(token.Alg, SecurityAlgorithms.RsaSha256, StringComparison.Ordinal))
        {
            return TokenCheck.Fail($"algorithm '{token.Alg}' is not accepted");
        }

        if (string.IsNullOrEmpty(token.Kid))
        {
            return TokenCheck.Fail("token names no signing key");
        }

        SigningKeySet keys;
        try
        {
            keys = await keySource.GetAsync(cancellationToken).ConfigureAwait(false);
            if (!keys.Keys.ContainsKey(token.Kid))
            {
                keys = await keySource.RefreshForUnknownKeyAsync(token.Kid, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SigningKeysUnavailableException ex)
        {
            logger.LogError(ex, "Inbound activity refused: signing keys unavailable");
            return TokenCheck.Fail("signing keys unavailable");
        }

        if (!keys.Keys.TryGetValue(token.Kid, out var key))
        {
            return TokenCheck.Fail("unknown signing key");
        }

        var result = await Handler.ValidateTokenAsync(token, ParametersFor(keys)).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return TokenCheck.Fail(result.Exception?.GetType().Name ?? "invalid token");
        }

        if (!string.IsNullOrEmpty(channelId) && key.Endorsements.Count > 0 && !key.Endorsements.Contains(channelId, StringComparer.Ordinal))
        {
            return TokenCheck.Fail($"signing key is not endorsed for channel '{channelId}'");
        }

        if (!token.TryGetPayloadValue<string>(ServiceUrlClaim, out var claimed) || string.IsNullOrEmpty(claimed))
        {
            return TokenCheck.Fail("token carries no serviceurl claim");
        }

        if (!string.Equals(claimed, serviceUrl, StringComparison.OrdinalIgnoreCase))
        {
            return TokenCheck.Fail("serviceurl claim does not match the activity");
        }

        return TokenCheck.Valid;
    }

    private TokenValidationParameters ParametersFor(SigningKeySet keys)
    {
        var cached = _parameters;
        if (cached is not null && ReferenceEquals(cached.Item1, keys))
        {
            return cached.Item2;
        }

        var settings = options.Value;
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = settings.TokenIssuer,
            ValidateIssuer = true,
            ValidAudience = settings.AppId,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = settings.ClockSkew,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            IssuerSigningKeys = [.. keys.Keys.Values.Select(k => k.Key)],
            TryAllIssuerSigningKeys = false,
            ValidateIssuerSigningKey = false,
            LifetimeValidator = ValidateLifetime,
            SaveSigninToken = false,
        };
        _parameters = Tuple.Create(keys, parameters);
        return parameters;
    }

    // Wilson's own lifetime check reads the system clock; this one reads ours.
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var skew = parameters.ClockSkew;
        if (expires is null)
        {
            return false;
        }

        if (notBefore is { } nbf && (nbf > expires || nbf - skew > now))
        {
            return false;
        }

        return expires.Value + skew >= now;
    }
}
