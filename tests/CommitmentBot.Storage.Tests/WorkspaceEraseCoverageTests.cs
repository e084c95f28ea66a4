using System.Text.RegularExpressions;
using CommitmentBot.Storage.Migrations;
using CommitmentBot.Storage.Sql;

namespace CommitmentBot.Storage.Tests;

/// <summary>
/// Starting the sandbox over erases one workspace's data table by table; a table a later migration adds with a
/// <c>workspace_id</c> must be named there too, or a reset leaves its rows behind.
/// </summary>
public sealed partial class WorkspaceEraseCoverageTests
{
    /// <summary>Tables kept on purpose: a platform installation and its conversation addresses outlive a reset.</summary>
    private static readonly string[] Kept = ["installations", "conversation_references", "oauth_states"];

    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.PostgreSql)]
    [InlineData(StorageProvider.SqlServer)]
    public void EveryTableWithAWorkspace_IsErased(StorageProvider provider)
    {
        var tables = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var name in MigrationRunner.ScriptNames(provider))
        {
            using var stream = typeof(MigrationRunner).Assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            foreach (Match table in CreateTable().Matches(reader.ReadToEnd()))
            {
                if (table.Groups["body"].Value.Contains("workspace_id", StringComparison.OrdinalIgnoreCase))
                {
                    tables.Add(table.Groups["name"].Value.ToLowerInvariant());
                }
            }
        }

        Assert.Contains("commitments", tables);
        var erased = DeleteFrom().Matches(SharedSql.EraseWorkspace).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        var missing = tables.Where(t => !erased.Contains(t) && !Kept.Contains(t)).ToList();
        Assert.True(missing.Count == 0, "not erased: " + string.Join(", ", missing));
    }

    [GeneratedRegex(@"CREATE TABLE (?:IF NOT EXISTS )?\[?(?:dbo\]?\.\[?)?(?<name>\w+)\]?\s*\((?<body>.*?)\);", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex CreateTable();

    [GeneratedRegex(@"DELETE FROM (?<name>\w+)")]
    private static partial Regex DeleteFrom();
}
