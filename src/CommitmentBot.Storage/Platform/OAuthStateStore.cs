using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Rows;
using CommitmentBot.Storage.Sql;

namespace CommitmentBot.Storage.Platform;

/// <summary>OAuth states in the <c>oauth_states</c> table; consuming deletes, so a state works once.</summary>
public sealed class OAuthStateStore(DbConnectionFactory connections) : IOAuthStateStore
{
    /// <inheritdoc />
    public async Task CreateAsync(string state, DateTimeOffset createdAt, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ColumnLimits.CheckRequired(state, ColumnLimits.Id, "OAuth state");
        if (expiresAt <= createdAt)
        {
            throw new ArgumentException("An OAuth state must expire after it is created.", nameof(expiresAt));
        }

        await connections.ExecuteWriteAsync(
            SharedSql.InsertOAuthState,
            new { State = state, CreatedAt = EpochMilliseconds.From(createdAt), ExpiresAt = EpochMilliseconds.From(expiresAt) },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> TryConsumeAsync(string state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A callback carries whatever the browser sent; anything that cannot be a stored state is simply unknown.
        if (string.IsNullOrEmpty(state) || state.Length > ColumnLimits.Id)
        {
            return false;
        }

        return await connections.ExecuteWriteAsync(
            SharedSql.ConsumeOAuthState,
            new { State = state, Now = EpochMilliseconds.From(now) },
            cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        connections.ExecuteWriteAsync(SharedSql.DeleteExpiredOAuthStates, new { Now = EpochMilliseconds.From(now) }, cancellationToken);
}
