using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Time;
using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Rows;
using CommitmentBot.Storage.Sql;

namespace CommitmentBot.Storage.Stores;

/// <summary>People and their managers, per workspace.</summary>
public sealed class PeopleStore(DbConnectionFactory connections, TimeProvider time) : IPeopleStore, IManagerChangeStore
{
    /// <inheritdoc />
    public async Task<bool> ChangeManagerAsync(ManagerChange change, IReadOnlyList<ManagerChangeNotice> notices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(notices);
        ColumnLimits.CheckRequired(change.WorkspaceId, ColumnLimits.Id, "Workspace id");
        ColumnLimits.CheckRequired(change.RepId, ColumnLimits.Id, "User id");
        ColumnLimits.CheckRequired(change.ChangedById, ColumnLimits.Id, "Changed-by id");
        ColumnLimits.Check(change.OldManagerId, ColumnLimits.Id, "Manager id");
        ColumnLimits.Check(change.NewManagerId, ColumnLimits.Id, "Manager id");
        foreach (var notice in notices)
        {
            ColumnLimits.CheckRequired(notice.RecipientId, ColumnLimits.Id, "Recipient id");
        }

        var at = EpochMilliseconds.From(change.ChangedAt);
        var transaction = await connections.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var changed = await transaction.ExecuteAsync(
                SharedSql.ChangeManagerIfUnchanged,
                new { change.WorkspaceId, change.RepId, change.OldManagerId, change.NewManagerId, Now = EpochMilliseconds.From(time.GetUtcNow()) },
                cancellationToken).ConfigureAwait(false);
            if (changed != 1)
            {
                return false; // someone changed it first (or this very change was made already): nothing to tell twice
            }

            var id = await transaction.QuerySingleOrDefaultAsync<long>(
                connections.Dialect.InsertManagerChange,
                new { change.WorkspaceId, change.RepId, change.OldManagerId, change.NewManagerId, change.ChangedById, ChangedAt = at },
                cancellationToken).ConfigureAwait(false);
            var step = LadderStepKind.ManagerChangeNotice.ToName();
            var rows = notices.Select(n => new
            {
                change.WorkspaceId,
                ManagerChangeId = id,
                Step = step,
                n.RecipientId,
                IdempotencyKey = new NewNotification(change.WorkspaceId, 0, 0, LadderStepKind.ManagerChangeNotice, RecipientKind.User, n.RecipientId, change.ChangedAt, n.DeliverAt) { ManagerChangeId = id }.IdempotencyKey,
                CreatedAt = at,
                DeliverAt = EpochMilliseconds.From(n.DeliverAt),
            }).ToList();
            if (rows.Count > 0)
            {
                await transaction.ExecuteAsync(SharedSql.InsertManagerChangeNotification, rows, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync().ConfigureAwait(false);
            return true;
        }
    }

    /// <inheritdoc />
    public async Task<Person?> FindAsync(string workspaceId, string userId, CancellationToken cancellationToken)
    {
        var row = await connections.QuerySingleOrDefaultAsync<PersonRow>(
            SharedSql.FindPerson,
            new { WorkspaceId = workspaceId, UserId = userId },
            cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToPerson(row);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Person>> FindManyAsync(string workspaceId, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        if (userIds.Count == 0)
        {
            return [];
        }

        var rows = await connections.QueryAsync<PersonRow>(
            connections.Dialect.FindPeople,
            new { WorkspaceId = workspaceId, UserIds = userIds.Distinct(StringComparer.Ordinal).ToArray() },
            cancellationToken).ConfigureAwait(false);
        return rows.Select(ToPerson).ToList();
    }

    /// <inheritdoc />
    public async Task UpsertAsync(Person person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ColumnLimits.CheckRequired(person.WorkspaceId, ColumnLimits.Id, "Workspace id");
        ColumnLimits.CheckRequired(person.UserId, ColumnLimits.Id, "User id");
        ColumnLimits.Check(person.DisplayName, ColumnLimits.DisplayName, "Display name");
        ColumnLimits.Check(person.TimeZone, ColumnLimits.TimeZone, "Time zone");
        ColumnLimits.Check(person.PlatformTimeZone, ColumnLimits.TimeZone, "Platform time zone");
        ColumnLimits.Check(person.ManagerId, ColumnLimits.Id, "Manager id");
        ColumnLimits.Check(person.AwayCoverId, ColumnLimits.Id, "Cover id");
        if ((person.AwayFrom is null) != (person.AwayUntil is null) || person.AwayUntil <= person.AwayFrom)
        {
            throw new ArgumentException("An away period needs a start before its end (or neither).", nameof(person));
        }

        var row = new PersonRow
        {
            WorkspaceId = person.WorkspaceId,
            UserId = person.UserId,
            DisplayName = person.DisplayName,
            TimeZone = person.TimeZone,
            PlatformTimeZone = person.PlatformTimeZone,
            WorkingHours = person.WorkingHours?.ToString(),
            ManagerId = person.ManagerId,
            IsAdmin = person.IsAdmin,
            AwayFrom = EpochMilliseconds.From(person.AwayFrom),
            AwayUntil = EpochMilliseconds.From(person.AwayUntil),
            AwayCoverId = person.AwayCoverId,
            UpdatedAt = EpochMilliseconds.From(time.GetUtcNow()),
        };
        await connections.ExecuteWriteAsync(connections.Dialect.UpsertPerson, row, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Person>> ListReportsAsync(string workspaceId, string managerId, CancellationToken cancellationToken)
    {
        var rows = await connections.QueryAsync<PersonRow>(
            SharedSql.ListReports,
            new { WorkspaceId = workspaceId, ManagerId = managerId },
            cancellationToken).ConfigureAwait(false);
        return rows.Select(ToPerson).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Person>> ListAdminsAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var rows = await connections.QueryAsync<PersonRow>(
            SharedSql.ListAdmins,
            new { WorkspaceId = workspaceId, IsAdmin = true },
            cancellationToken).ConfigureAwait(false);
        return rows.Select(ToPerson).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Person>> ListAsync(string workspaceId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var rows = await connections.QueryAsync<PersonRow>(
            connections.Dialect.ListPeople,
            new { WorkspaceId = workspaceId, Limit = limit },
            cancellationToken).ConfigureAwait(false);
        return rows.Select(ToPerson).ToList();
    }

    internal static Person ToPerson(PersonRow row) => new()
    {
        WorkspaceId = row.WorkspaceId,
        UserId = row.UserId,
        DisplayName = row.DisplayName,
        TimeZone = row.TimeZone,
        PlatformTimeZone = row.PlatformTimeZone,
        // Only WorkingHours.ToString() is ever written; should a row hold something unreadable, the
        // default hours apply (as for a person who never set any) rather than failing every command.
        WorkingHours = row.WorkingHours is not null && WorkingHours.TryParse(row.WorkingHours, out var hours, out _) ? hours : null,
        ManagerId = row.ManagerId,
        IsAdmin = row.IsAdmin,
        AwayFrom = EpochMilliseconds.ToInstant(row.AwayFrom),
        AwayUntil = EpochMilliseconds.ToInstant(row.AwayUntil),
        AwayCoverId = row.AwayCoverId,
    };
}
