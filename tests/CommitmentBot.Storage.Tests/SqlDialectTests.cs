using CommitmentBot.Core.Commitments;
using CommitmentBot.Storage.Sql;

namespace CommitmentBot.Storage.Tests;

public sealed class SqlDialectTests
{
    [Fact]
    public void ActiveStatusList_NamesExactlyTheActiveStatuses()
    {
        var active = Enum.GetValues<CommitmentStatus>().Where(s => s.IsActive()).Select(s => s.ToName());
        var closed = Enum.GetValues<CommitmentStatus>().Where(s => !s.IsActive()).Select(s => s.ToName());

        Assert.Equal(active.Order(), Names(SharedSql.ActiveStatusList).Order());
        Assert.Equal(closed.Order(), Names(SharedSql.ClosedStatusList).Order());
    }

    [Fact]
    public void Dialects_WriteListTestsAndLimitsTheirEnginesWay()
    {
        Assert.Contains("owner_id IN @OwnerIds", SqliteDialect.Instance.ListActiveByOwners, StringComparison.Ordinal);
        Assert.EndsWith("LIMIT @Limit", SqliteDialect.Instance.ListActiveByOwners, StringComparison.Ordinal);
        Assert.Contains("owner_id = ANY(@OwnerIds)", PostgreSqlDialect.Instance.ListActiveByOwners, StringComparison.Ordinal);
        Assert.StartsWith("SELECT TOP (@Limit) ", SqlServerDialect.Instance.ListActiveByOwners, StringComparison.Ordinal);
        Assert.DoesNotContain("LIMIT", SqlServerDialect.Instance.ListActiveByOwners, StringComparison.Ordinal);
    }

    [Fact]
    public void Statements_ListsEveryStatementOfTheDialect_OmittingTheOnesItLacks()
    {
        var sqlite = SqliteDialect.Instance.Statements().Select(s => s.Key).ToList();
        var sqlServer = SqlServerDialect.Instance.Statements().Select(s => s.Key).ToList();

        Assert.Contains(nameof(SqlDialect.UpsertPerson), sqlite);
        Assert.DoesNotContain(nameof(SqlDialect.AcquireMigrationLock), sqlite);
        Assert.Equal(sqlite.Count + 2, sqlServer.Count);
    }

    private static IEnumerable<string> Names(string list) =>
        list.Trim('(', ')').Split(',').Select(n => n.Trim().Trim('\''));
}
