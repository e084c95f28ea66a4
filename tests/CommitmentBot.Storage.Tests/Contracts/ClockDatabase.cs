using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Migrations;
using CommitmentBot.Storage.Rows;
using CommitmentBot.Storage.Stores;
using CommitmentBot.Storage.Tests.Databases;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CommitmentBot.Storage.Tests.Contracts;

/// <summary>
/// A migrated database of its own for one clock test. The sweep, the bundler and the delivery queue all
/// work across workspaces, so two tests sharing a database would claim each other's rows.
/// </summary>
internal sealed class ClockDatabase : IAsyncDisposable
{
    private ClockDatabase(StorageOptions options)
    {
        Options = options;
        Connections = new DbConnectionFactory(options);
    }

    public StorageOptions Options { get; }

    public DbConnectionFactory Connections { get; }

    public OutboxStore Outbox => new(Connections);

    public CommitmentStore Commitments => new(Connections);

    public PeopleStore People => new(Connections, TimeProvider.System);

    public WorkspaceStore Workspaces => new(Connections, TimeProvider.System);

    public static async Task<ClockDatabase> CreateAsync(DatabaseFixture fixture)
    {
        var options = await fixture.CreateEmptyDatabaseAsync();
        var migrated = MigrationRunner.Run(options);
        if (!migrated.Succeeded)
        {
            throw new InvalidOperationException($"The clock test database could not be migrated: {migrated.Error}", migrated.Exception);
        }

        return new ClockDatabase(options);
    }

    /// <summary>Stores a commitment whose next ladder step is at <paramref name="nextActionAt"/> (none when null).</summary>
    public async Task<Commitment> AddAsync(string workspaceId, DateTimeOffset? nextActionAt, string ownerId = "U1", CancellationToken cancellationToken = default)
    {
        var draft = Samples.Draft(workspaceId, ownerId) with { NextActionAt = nextActionAt, NextStep = nextActionAt is null ? null : LadderStepKind.HeadsUp };
        var (created, _) = await Commitments.CreateAsync(draft, Samples.Created(workspaceId, ownerId), cancellationToken);
        return created;
    }

    /// <summary>Writes notifications the way a command does (with a commitment update) and returns the saved commitment.</summary>
    public async Task<Commitment> NotifyAsync(Commitment commitment, IReadOnlyList<NewNotification> notifications, CancellationToken cancellationToken = default) =>
        await Commitments.UpdateAsync(commitment, [], notifications, cancellationToken)
            ?? throw new InvalidOperationException("The commitment changed under the test.");

    /// <summary>A bundled, pending delivery to <paramref name="recipientId"/> holding one notification per step given.</summary>
    public async Task<(long DeliveryId, Commitment Commitment)> PendingDeliveryAsync(
        string workspaceId,
        DateTimeOffset now,
        string recipientId = "U1",
        params LadderStepKind[] steps)
    {
        var commitment = await AddAsync(workspaceId, nextActionAt: null, ownerId: recipientId);
        var notifications = (steps.Length == 0 ? [LadderStepKind.HeadsUp] : steps)
            .Select(s => new NewNotification(workspaceId, commitment.Id, commitment.DueVersion, s, RecipientKind.User, recipientId, now, now))
            .ToList();
        commitment = await NotifyAsync(commitment, notifications);
        var deliveries = await Outbox.BundleAsync(now, 100, default);
        return (Assert.Single(deliveries), commitment);
    }

    /// <summary>
    /// Seeds <paramref name="count"/> open commitments in one transaction (the store API one by one would
    /// dominate the run): owners U0..U(owners-1) in each workspace, each with a person row, round-robin.
    /// </summary>
    public async Task<IReadOnlyList<Commitment>> SeedOpenAsync(
        IReadOnlyList<string> workspaceIds,
        int count,
        int ownersPerWorkspace,
        Func<int, Commitment> shape,
        string platform = "harness")
    {
        foreach (var ws in workspaceIds)
        {
            await Workspaces.SaveAsync(WorkspaceSettings.NewFor(ws, platform) with { EscalationChannelId = "C-esc" }, default);
            for (var u = 0; u < ownersPerWorkspace; u++)
            {
                await People.UpsertAsync(new Person { WorkspaceId = ws, UserId = $"U{u}", DisplayName = $"Rep {u}", TimeZone = "UTC", ManagerId = "M0" }, default);
            }

            await People.UpsertAsync(new Person { WorkspaceId = ws, UserId = "M0", DisplayName = "Manager", TimeZone = "UTC" }, default);
        }

        var rows = new List<CommitmentRow>(count);
        var numbers = workspaceIds.ToDictionary(w => w, _ => 0, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var ws = workspaceIds[i % workspaceIds.Count];
            var owner = $"U{i / workspaceIds.Count % ownersPerWorkspace}";
            var row = CommitmentMapping.ToRow(shape(i) with { WorkspaceId = ws, OwnerId = owner, CreatedById = owner });
            row.Number = ++numbers[ws];
            row.Version = 1;
            rows.Add(row);
        }

        var transaction = await Connections.BeginWriteAsync(default);
        await using (transaction)
        {
            await transaction.ExecuteAsync(Connections.Dialect.InsertCommitment, rows, default);
            await transaction.CommitAsync();
        }

        var stored = new List<Commitment>(count);
        foreach (var ws in workspaceIds)
        {
            var owners = Enumerable.Range(0, ownersPerWorkspace).Select(u => $"U{u}").ToArray();
            stored.AddRange(await Commitments.ListActiveByOwnersAsync(ws, owners, count, default));
        }

        return stored;
    }

    /// <summary>Lets go of this database's pooled connections (the fixture drops the database later).</summary>
    public ValueTask DisposeAsync()
    {
        switch (Options.Provider)
        {
            case StorageProvider.PostgreSql:
                using (var connection = new NpgsqlConnection(Connections.ConnectionString))
                {
                    NpgsqlConnection.ClearPool(connection);
                }

                break;
            case StorageProvider.Sqlite:
                using (var connection = new SqliteConnection(Connections.ConnectionString))
                {
                    SqliteConnection.ClearPool(connection);
                }

                break;
        }

        return ValueTask.CompletedTask;
    }

    public Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null) => Connections.QueryAsync<T>(sql, parameters, default);

    public Task<T?> ScalarAsync<T>(string sql, object? parameters = null) => Connections.QuerySingleOrDefaultAsync<T>(sql, parameters, default);
}
