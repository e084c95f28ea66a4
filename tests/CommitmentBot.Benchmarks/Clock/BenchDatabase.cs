using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Time;
using CommitmentBot.Storage;
using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Migrations;
using CommitmentBot.Storage.Rows;
using CommitmentBot.Storage.Stores;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace CommitmentBot.Benchmarks.Clock;

/// <summary>
/// A named, migrated benchmark database: a PostgreSQL database on the server in <c>COMMITMENTBOT_TEST_POSTGRES</c>
/// (<c>eval "$(scripts/postgres.sh start)"</c>) or a SQLite file under the temp folder. Seeding goes around the
/// stores (COPY on PostgreSQL, one prepared statement in one transaction on SQLite): a million rows through the
/// store API one by one would take longer than every measurement together.
/// </summary>
internal sealed class BenchDatabase
{
    public const string PostgresVariable = "COMMITMENTBOT_TEST_POSTGRES";

    /// <summary>Wednesday 15:00 UTC, inside working hours: the instant every clock measurement runs at.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 15, 0, 0, TimeSpan.Zero);

    private const string CommitmentCopyColumns =
        "workspace_id, number, text, customer, due_at, created_at, owner_id, created_by_id, status, due_version, window_start, "
        + "policy, next_step, next_action_at, last_step, risk_raised_before_due, version";

    private BenchDatabase(StorageOptions options)
    {
        Options = options;
        Connections = new DbConnectionFactory(options);
    }

    public StorageOptions Options { get; }

    public DbConnectionFactory Connections { get; }

    public StorageProvider Provider => Options.Provider;

    public OutboxStore Outbox => new(Connections);

    public EscalationSweep Sweep(int batchSize = 500) =>
        new(Outbox, new PeopleStore(Connections, TimeProvider.System), new WorkspaceStore(Connections, TimeProvider.System)) { BatchSize = batchSize };

    /// <summary>Opens (creating and migrating when needed) the database <paramref name="name"/>; <paramref name="fresh"/> drops it first.</summary>
    public static async Task<BenchDatabase> OpenAsync(StorageProvider provider, string name, bool fresh)
    {
        StorageOptions options;
        if (provider == StorageProvider.PostgreSql)
        {
            var server = Environment.GetEnvironmentVariable(PostgresVariable);
            if (string.IsNullOrWhiteSpace(server))
            {
                throw new InvalidOperationException($"{PostgresVariable} is not set: eval \"$(scripts/postgres.sh start)\" first.");
            }

            var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false };
            await using (var connection = new NpgsqlConnection(admin.ConnectionString))
            {
                await connection.OpenAsync();
                if (fresh)
                {
                    // Pooled connections to the old database die with it; forget them so the new one gets fresh ones.
                    NpgsqlConnection.ClearAllPools();
                    await connection.ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                }

                if (await connection.ExecuteScalarAsync<int?>("SELECT 1 FROM pg_database WHERE datname = @name", new { name }) is null)
                {
                    await connection.ExecuteAsync($"CREATE DATABASE \"{name}\"");
                }
            }

            options = new StorageOptions
            {
                Provider = provider,
                ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true, MaxPoolSize = 50, CommandTimeout = 600 }.ConnectionString,
            };
        }
        else if (provider == StorageProvider.Sqlite)
        {
            var path = Path.Combine(Path.GetTempPath(), "commitmentbot-bench", name + ".db");
            if (fresh)
            {
                SqliteConnection.ClearAllPools();
                foreach (var file in new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists))
                {
                    File.Delete(file);
                }
            }

            options = new StorageOptions { Provider = provider, ConnectionString = $"Data Source={path}" };
        }
        else
        {
            throw new NotSupportedException("The clock benchmarks run on PostgreSQL and SQLite.");
        }

        var migrated = MigrationRunner.Run(options);
        if (!migrated.Succeeded)
        {
            throw new InvalidOperationException($"Migrating {name} failed: {migrated.Error}", migrated.Exception);
        }

        return new BenchDatabase(options);
    }

    public async Task<long> CountAsync(string sql)
    {
        var connection = await Connections.OpenAsync(default);
        await using (connection)
        {
            return await connection.ExecuteScalarAsync<long>(sql);
        }
    }

    public async Task ExecuteAsync(string sql, object? parameters = null)
    {
        var connection = await Connections.OpenAsync(default);
        await using (connection)
        {
            await connection.ExecuteAsync(sql, parameters);
        }
    }

    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        var connection = await Connections.OpenAsync(default);
        await using (connection)
        {
            return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
        }
    }

    public async Task<IReadOnlyList<string>> LinesAsync(string sql, object? parameters = null)
    {
        var connection = await Connections.OpenAsync(default);
        await using (connection)
        {
            return (await connection.QueryAsync<string>(sql, parameters)).AsList();
        }
    }

    /// <summary>
    /// <paramref name="count"/> open commitments spread over workspaces W0..W(n-1) with owners U0..U(m-1) in each,
    /// shaped by <paramref name="shape"/>; the workspaces (platform <paramref name="platform"/>) and people are
    /// written through the stores first.
    /// </summary>
    public async Task SeedCommitmentsAsync(int count, int workspaces, int ownersPerWorkspace, Func<int, Commitment> shape, string platform = "bench", string prefix = "W")
    {
        var workspaceStore = new WorkspaceStore(Connections, TimeProvider.System);
        var people = new PeopleStore(Connections, TimeProvider.System);
        for (var w = 0; w < workspaces; w++)
        {
            var ws = prefix + w;
            await workspaceStore.SaveAsync(WorkspaceSettings.NewFor(ws, platform) with { EscalationChannelId = "C-esc" }, default);
            await people.UpsertAsync(new Person { WorkspaceId = ws, UserId = "M0", DisplayName = "Manager", TimeZone = "UTC" }, default);
            for (var u = 0; u < ownersPerWorkspace; u++)
            {
                await people.UpsertAsync(new Person { WorkspaceId = ws, UserId = $"U{u}", DisplayName = $"Rep {u}", TimeZone = "UTC", ManagerId = "M0" }, default);
            }
        }

        var start = await ScalarAsync<long?>("SELECT MAX(number) FROM commitments") ?? 0;
        IEnumerable<CommitmentRow> Rows()
        {
            for (var i = 0; i < count; i++)
            {
                var ws = prefix + (i % workspaces);
                var owner = $"U{i / workspaces % ownersPerWorkspace}";
                var row = CommitmentMapping.ToRow(shape(i) with { WorkspaceId = ws, OwnerId = owner, CreatedById = owner });
                row.Number = (int)start + i + 1; // unique across workspaces too, which keeps it unique within each
                row.Version = 1;
                yield return row;
            }
        }

        if (Provider == StorageProvider.PostgreSql)
        {
            await CopyCommitmentsAsync(Rows());
            var connection = await Connections.OpenAsync(default);
            await using (connection)
            {
                await connection.ExecuteAsync("ANALYZE commitments, notifications, deliveries, people");
            }
        }
        else
        {
            await InsertSqliteAsync(Rows());
        }
    }

    /// <summary>
    /// Sets <paramref name="percent"/> of the reps of every workspace away from a day before <see cref="Now"/> to a week
    /// after it (reps U0..U(k-1) of <paramref name="ownersPerWorkspace"/>; the even ones covered by a rep who is not away,
    /// the odd ones by nobody), in the workspaces named <paramref name="prefix"/>…, written as <c>/promise away</c> writes
    /// them: the person's away columns. With <paramref name="clear"/> every other absence is cleared first, so 0 puts the
    /// database back as it was before time away existed. Returns the reps now away (in every workspace).
    /// </summary>
    public async Task<long> SetAwayAsync(int percent, int ownersPerWorkspace, string prefix = "W", bool clear = true)
    {
        if (clear)
        {
            await ExecuteAsync("UPDATE people SET away_from = NULL, away_until = NULL, away_cover_id = NULL WHERE away_until IS NOT NULL");
        }

        var away = ownersPerWorkspace * percent / 100;
        var from = Now.AddDays(-1).ToUnixTimeMilliseconds();
        var until = Now.AddDays(7).ToUnixTimeMilliseconds();
        for (var u = 0; u < away; u++)
        {
            var cover = u % 2 == 0 && away + u < ownersPerWorkspace ? $"U{away + u}" : null;
            await ExecuteAsync(
                "UPDATE people SET away_from = @From, away_until = @Until, away_cover_id = @Cover WHERE user_id = @User AND manager_id IS NOT NULL AND workspace_id LIKE @Prefix",
                new { From = from, Until = until, Cover = cover, User = $"U{u}", Prefix = prefix + "%" });
        }

        await ExecuteAsync(Provider == StorageProvider.PostgreSql ? "ANALYZE people" : "ANALYZE main");
        return await CountAsync("SELECT COUNT(*) FROM people WHERE away_until IS NOT NULL");
    }

    /// <summary>A commitment the clock leaves alone: its next step (a heads-up) is 1–30 days ahead.</summary>
    public static Commitment NotDue(int i)
    {
        var due = Now.AddDays(3 + (i % 28)).AddMinutes(i % 600);
        return Scheduled(i, due, due.AddDays(-20));
    }

    /// <summary>A commitment whose heads-up came due yesterday (due tomorrow, promised ten days ago).</summary>
    public static Commitment DueForHeadsUp(int i) => Scheduled(i, Now.AddDays(1), Now.AddDays(-10));

    private static Commitment Scheduled(int i, DateTimeOffset due, DateTimeOffset created)
    {
        var draft = new Commitment
        {
            WorkspaceId = "placeholder",
            Text = $"Send the revised quote #{i}",
            Customer = "Acme",
            DueAt = due,
            CreatedAt = created,
            OwnerId = "placeholder",
            CreatedById = "placeholder",
            WindowStart = created,
        };
        var utc = new LadderParty(DateTimeZone.Utc, WorkingHours.Default);
        return EscalationLadder.Schedule(draft, new LadderContext(utc, utc, HasChannel: true));
    }

    /// <summary>
    /// One sent delivery and its sent notification per stored commitment (ids 1..n of a fresh database): the
    /// history a live outbox accumulates, which the clock's partial indexes must keep out of its queries.
    /// </summary>
    public async Task SeedSentHistoryAsync(int count, string workspacePrefix, int workspaces)
    {
        var at = Now.AddDays(-5).ToUnixTimeMilliseconds();
        if (Provider == StorageProvider.PostgreSql)
        {
            var connection = (NpgsqlConnection)await Connections.OpenAsync(default);
            await using (connection)
            {
                await using (var deliveries = await connection.BeginBinaryImportAsync(
                    "COPY deliveries (workspace_id, recipient_kind, recipient_id, status, attempts, not_before, sent_at, platform_message_id, created_at) FROM STDIN (FORMAT BINARY)"))
                {
                    for (var i = 0; i < count; i++)
                    {
                        await deliveries.StartRowAsync();
                        await deliveries.WriteAsync(workspacePrefix + (i % workspaces), NpgsqlDbType.Text);
                        await deliveries.WriteAsync("user", NpgsqlDbType.Text);
                        await deliveries.WriteAsync("U0", NpgsqlDbType.Text);
                        await deliveries.WriteAsync("sent", NpgsqlDbType.Text);
                        await deliveries.WriteAsync(1, NpgsqlDbType.Integer);
                        await deliveries.WriteAsync(at, NpgsqlDbType.Bigint);
                        await deliveries.WriteAsync(at, NpgsqlDbType.Bigint);
                        await deliveries.WriteAsync("ts-" + i, NpgsqlDbType.Text);
                        await deliveries.WriteAsync(at, NpgsqlDbType.Bigint);
                    }

                    await deliveries.CompleteAsync();
                }

                await using (var notifications = await connection.BeginBinaryImportAsync(
                    "COPY notifications (workspace_id, commitment_id, due_version, step, recipient_kind, recipient_id, idempotency_key, created_at, delivery_id, status, deliver_at) FROM STDIN (FORMAT BINARY)"))
                {
                    for (var i = 0; i < count; i++)
                    {
                        await notifications.StartRowAsync();
                        await notifications.WriteAsync(workspacePrefix + (i % workspaces), NpgsqlDbType.Text);
                        await notifications.WriteAsync((long)i + 1, NpgsqlDbType.Bigint);
                        await notifications.WriteAsync(0, NpgsqlDbType.Integer);
                        await notifications.WriteAsync("early_warning", NpgsqlDbType.Text);
                        await notifications.WriteAsync("user", NpgsqlDbType.Text);
                        await notifications.WriteAsync("U0", NpgsqlDbType.Text);
                        await notifications.WriteAsync($"history:{i}", NpgsqlDbType.Text);
                        await notifications.WriteAsync(at, NpgsqlDbType.Bigint);
                        await notifications.WriteAsync((long)i + 1, NpgsqlDbType.Bigint);
                        await notifications.WriteAsync("sent", NpgsqlDbType.Text);
                        await notifications.WriteAsync(at, NpgsqlDbType.Bigint);
                    }

                    await notifications.CompleteAsync();
                }

                await connection.ExecuteAsync("ANALYZE commitments, notifications, deliveries, people");
            }

            return;
        }

        var sqlite = (SqliteConnection)await Connections.OpenAsync(default);
        await using (sqlite)
        {
            await using var transaction = (SqliteTransaction)await sqlite.BeginTransactionAsync();
            using var delivery = sqlite.CreateCommand();
            delivery.Transaction = transaction;
            delivery.CommandText =
                "INSERT INTO deliveries (workspace_id, recipient_kind, recipient_id, status, attempts, not_before, sent_at, platform_message_id, created_at) "
                + "VALUES ($ws, 'user', 'U0', 'sent', 1, $at, $at, $ts, $at)";
            var dws = delivery.Parameters.Add("$ws", SqliteType.Text);
            delivery.Parameters.AddWithValue("$at", at);
            var ts = delivery.Parameters.Add("$ts", SqliteType.Text);
            using var notification = sqlite.CreateCommand();
            notification.Transaction = transaction;
            notification.CommandText =
                "INSERT INTO notifications (workspace_id, commitment_id, due_version, step, recipient_kind, recipient_id, idempotency_key, created_at, delivery_id, status, deliver_at) "
                + "VALUES ($ws, $id, 0, 'early_warning', 'user', 'U0', $key, $at, $id, 'sent', $at)";
            var nws = notification.Parameters.Add("$ws", SqliteType.Text);
            var id = notification.Parameters.Add("$id", SqliteType.Integer);
            var key = notification.Parameters.Add("$key", SqliteType.Text);
            notification.Parameters.AddWithValue("$at", at);
            delivery.Prepare();
            notification.Prepare();
            for (var i = 0; i < count; i++)
            {
                dws.Value = nws.Value = workspacePrefix + (i % workspaces);
                ts.Value = "ts-" + i;
                id.Value = (long)i + 1;
                key.Value = $"history:{i}";
                await delivery.ExecuteNonQueryAsync();
                await notification.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
            using var analyze = sqlite.CreateCommand();
            analyze.CommandText = "ANALYZE";
            await analyze.ExecuteNonQueryAsync();
        }
    }

    private async Task CopyCommitmentsAsync(IEnumerable<CommitmentRow> rows)
    {
        var connection = (NpgsqlConnection)await Connections.OpenAsync(default);
        await using (connection)
        {
            await using var copy = await connection.BeginBinaryImportAsync($"COPY commitments ({CommitmentCopyColumns}) FROM STDIN (FORMAT BINARY)");
            foreach (var r in rows)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(r.WorkspaceId, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Number, NpgsqlDbType.Integer);
                await copy.WriteAsync(r.Text, NpgsqlDbType.Text);
                await WriteNullableAsync(copy, r.Customer, NpgsqlDbType.Text);
                await copy.WriteAsync(r.DueAt, NpgsqlDbType.Bigint);
                await copy.WriteAsync(r.CreatedAt, NpgsqlDbType.Bigint);
                await copy.WriteAsync(r.OwnerId, NpgsqlDbType.Text);
                await copy.WriteAsync(r.CreatedById, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Status, NpgsqlDbType.Text);
                await copy.WriteAsync(r.DueVersion, NpgsqlDbType.Integer);
                await copy.WriteAsync(r.WindowStart, NpgsqlDbType.Bigint);
                await copy.WriteAsync(r.Policy, NpgsqlDbType.Text);
                await WriteNullableAsync(copy, r.NextStep, NpgsqlDbType.Text);
                await WriteNullableAsync(copy, r.NextActionAt, NpgsqlDbType.Bigint);
                await WriteNullableAsync(copy, r.LastStep, NpgsqlDbType.Text);
                await copy.WriteAsync(r.RiskRaisedBeforeDue, NpgsqlDbType.Boolean);
                await copy.WriteAsync(r.Version, NpgsqlDbType.Integer);
            }

            await copy.CompleteAsync();
        }
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type) =>
        value is null ? copy.WriteNullAsync() : copy.WriteAsync(value, type);

    private async Task InsertSqliteAsync(IEnumerable<CommitmentRow> rows)
    {
        var connection = (SqliteConnection)await Connections.OpenAsync(default);
        await using (connection)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            var names = CommitmentCopyColumns.Split(", ");
            insert.CommandText = $"INSERT INTO commitments ({CommitmentCopyColumns}) VALUES ({string.Join(", ", names.Select(n => "$" + n))})";
            // Untyped parameters: each binds as its value's type (integers as integers, not as text to be converted).
            var parameters = names.ToDictionary(
                n => n,
                n =>
                {
                    var p = insert.CreateParameter();
                    p.ParameterName = "$" + n;
                    insert.Parameters.Add(p);
                    return p;
                },
                StringComparer.Ordinal);
            insert.Prepare();
            foreach (var r in rows)
            {
                parameters["workspace_id"].Value = r.WorkspaceId;
                parameters["number"].Value = r.Number;
                parameters["text"].Value = r.Text;
                parameters["customer"].Value = (object?)r.Customer ?? DBNull.Value;
                parameters["due_at"].Value = r.DueAt;
                parameters["created_at"].Value = r.CreatedAt;
                parameters["owner_id"].Value = r.OwnerId;
                parameters["created_by_id"].Value = r.CreatedById;
                parameters["status"].Value = r.Status;
                parameters["due_version"].Value = r.DueVersion;
                parameters["window_start"].Value = r.WindowStart;
                parameters["policy"].Value = r.Policy;
                parameters["next_step"].Value = (object?)r.NextStep ?? DBNull.Value;
                parameters["next_action_at"].Value = (object?)r.NextActionAt ?? DBNull.Value;
                parameters["last_step"].Value = (object?)r.LastStep ?? DBNull.Value;
                parameters["risk_raised_before_due"].Value = r.RiskRaisedBeforeDue ? 1 : 0;
                parameters["version"].Value = r.Version;
                await insert.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
            using var analyze = connection.CreateCommand();
            analyze.CommandText = "ANALYZE";
            await analyze.ExecuteNonQueryAsync();
        }
    }
}
