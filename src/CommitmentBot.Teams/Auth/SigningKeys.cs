using System.Collections.Frozen;
using Microsoft.IdentityModel.Tokens;

namespace CommitmentBot.Teams.Auth;

/// <summary>One signing key and the channels it is endorsed for (empty when the key names none).</summary>
public sealed record EndorsedKey(SecurityKey Key, IReadOnlyCollection<string> Endorsements);

/// <summary>The signing keys read from one fetch of the OpenID metadata, by key id.</summary>
public sealed record SigningKeySet(FrozenDictionary<string, EndorsedKey> Keys, DateTimeOffset FetchedAt);

/// <summary>Where inbound token signing keys come from; refreshed on a schedule and on an unknown key id.</summary>
public interface ISigningKeySource
{
    /// <summary>The current keys, fetching them when none are held or they are older than the refresh interval.</summary>
    ValueTask<SigningKeySet> GetAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Called when a token names a key id the current set lacks: re-reads the metadata unless that
    /// was done very recently, and returns the (possibly new) set.
    /// </summary>
    ValueTask<SigningKeySet> RefreshForUnknownKeyAsync(string keyId, CancellationToken cancellationToken);
}
