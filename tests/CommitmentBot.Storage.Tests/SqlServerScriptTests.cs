using System.Reflection;
using System.Text.RegularExpressions;
using CommitmentBot.Storage.Migrations;
using CommitmentBot.Storage.Sql;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace CommitmentBot.Storage.Tests;

/// <summary>
/// SQL Server is not on every machine, so every T-SQL text the app can send is at least parsed: the
/// migration scripts, the shared statements (found by reflection) and the SQL Server dialect's own.
/// </summary>
public sealed partial class SqlServerScriptTests
{
    public static TheoryData<string> MigrationScripts() => [.. MigrationRunner.ScriptNames(StorageProvider.SqlServer)];

    public static TheoryData<string> Statements() => [.. SqlServerStatements().Select(s => s.Key)];

    [Theory]
    [MemberData(nameof(MigrationScripts))]
    public void MigrationScript_ParsesWithoutErrors(string scriptName)
    {
        using var stream = typeof(MigrationRunner).Assembly.GetManifestResourceStream(scriptName)!;
        using var reader = new StreamReader(stream);

        var errors = Parse(reader.ReadToEnd());

        Assert.Empty(errors);
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public void Statement_ParsesWithoutErrors(string name)
    {
        var sql = SqlServerStatements().Single(s => s.Key == name).Value;

        var errors = Parse(ExpandListParameters(sql));

        Assert.Empty(errors);
    }

    [Fact]
    public void Statements_CoverSharedAndDialectStatements()
    {
        var names = SqlServerStatements().Select(s => s.Key).ToList();

        Assert.Contains("SharedSql.FindCommitmentById", names);
        Assert.Contains("SharedSql.FindDigestRecipient", names);
        Assert.Contains("SqlServerDialect.TakeNextNumber", names);
        Assert.Contains("SqlServerDialect.AcquireMigrationLock", names);
        Assert.Contains("SqlServerDialect.Record.Counts.CustomerOfOwners", names);
        Assert.Contains("SqlServerDialect.Record.Weekly.Workspace", names);
        Assert.True(names.Count >= 30, $"only {names.Count} statements found");
    }

    [Fact]
    public void Parse_ReportsErrors_WhenTheTextIsNotTSql()
    {
        Assert.NotEmpty(Parse("INSERT INTO people (a) VALUES (1) ON CONFLICT (a) DO NOTHING"));
        Assert.NotEmpty(Parse("SELECT id FROM commitments LIMIT @Limit"));
    }

    private static IEnumerable<KeyValuePair<string, string>> SqlServerStatements()
    {
        var shared = typeof(SharedSql)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => (f.IsLiteral || f.IsInitOnly) && f.FieldType == typeof(string))
            .Select(f => new KeyValuePair<string, string>("SharedSql." + f.Name, (string)(f.IsLiteral ? f.GetRawConstantValue() : f.GetValue(null))!));
        var dialect = SqlServerDialect.Instance.Statements()
            .Concat(SqlServerDialect.Instance.RecordStatements())
            .Select(s => new KeyValuePair<string, string>("SqlServerDialect." + s.Key, s.Value));
        return shared.Concat(dialect);
    }

    private static List<ParseError> Parse(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        return [.. errors];
    }

    // Dapper sends "IN @Ids" to SQL Server as "IN (@Ids1, @Ids2, ...)"; parse what it sends.
    private static string ExpandListParameters(string sql) => ListParameter().Replace(sql, m => $"IN (@{m.Groups[1].Value}1, @{m.Groups[1].Value}2)");

    [GeneratedRegex(@"\bIN @(\w+)")]
    private static partial Regex ListParameter();
}
