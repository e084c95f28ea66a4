using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Rows;
using CommitmentBot.Storage.Sql;

namespace CommitmentBot.Storage.Platform;

/// <summary>
/// The Data Protection key ring in the <c>data_protection_keys</c> table: every replica reads and adds keys here, so
/// a Slack token one instance encrypted is readable by all of them. Keys are XML text as the key manager writes it.
/// </summary>
public sealed class DataProtectionKeyStore(DbConnectionFactory connections)
{
    /// <summary>The longest key name stored (the key manager's names are "key-" and a GUID).</summary>
    public const int MaxFriendlyNameLength = 200;

    /// <summary>Every stored key's XML, oldest first.</summary>
    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) =>
        connections.QueryAsync<string>(SharedSql.ListDataProtectionKeys, null, cancellationToken);

    /// <summary>Stores a key under <paramref name="friendlyName"/>; a second key of the same name is ignored. Returns whether it was added.</summary>
    public async Task<bool> AddAsync(string friendlyName, string xml, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(friendlyName);
        ArgumentException.ThrowIfNullOrWhiteSpace(xml);
        if (friendlyName.Length > MaxFriendlyNameLength)
        {
            throw new ArgumentException($"A key name is at most {MaxFriendlyNameLength} characters.", nameof(friendlyName));
        }

        var added = await connections.ExecuteWriteAsync(
            SharedSql.InsertDataProtectionKey,
            new { FriendlyName = friendlyName, Xml = xml, CreatedAt = EpochMilliseconds.From(createdAt) },
            cancellationToken).ConfigureAwait(false);
        return added == 1;
    }
}
