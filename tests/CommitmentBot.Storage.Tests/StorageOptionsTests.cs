using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Migrations;
using Npgsql;

namespace CommitmentBot.Storage.Tests;

public sealed class StorageOptionsTests
{
    [Fact]
    public void Validate_NamesTheMissingKey_WhenTheConnectionStringIsEmpty()
    {
        var problem = new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = " " }.Validate();

        Assert.Contains("ConnectionStrings:CommitmentBot", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RejectsAnUnknownProvider()
    {
        var problem = new StorageOptions { Provider = (StorageProvider)7, ConnectionString = "x" }.Validate();

        Assert.Contains("Storage:Provider", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void MigrationRunner_ReturnsTheProblem_InsteadOfThrowing_WhenTheServerCannotBeReached()
    {
        var result = MigrationRunner.Run(new StorageOptions
        {
            Provider = StorageProvider.PostgreSql,
            ConnectionString = "Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=2",
        });

        Assert.False(result.Succeeded);
        Assert.Contains("PostgreSql", result.Error, StringComparison.Ordinal);
        Assert.NotNull(result.Exception);
    }

    [Fact]
    public void DbConnectionFactory_Throws_WhenTheOptionsAreInvalid()
    {
        Assert.Throws<ArgumentException>(() => new DbConnectionFactory(new StorageOptions()));
    }

    [Fact]
    public void PostgreSql_PreparesRepeatedStatements_UnlessTheConnectionStringSaysOtherwise()
    {
        static NpgsqlConnectionStringBuilder Built(string connectionString) =>
            new(new DbConnectionFactory(new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = connectionString }).ConnectionString);

        var plain = Built("Host=db;Username=bot;Password=secret;Database=cb");
        var off = Built("Host=db;Username=bot;Database=cb;Max Auto Prepare=0");
        var own = Built("Host=db;Username=bot;Database=cb;MaxAutoPrepare=10");

        Assert.Equal((256, 2, "db", "secret"), (plain.MaxAutoPrepare, plain.AutoPrepareMinUsages, plain.Host, plain.Password));
        Assert.Equal(0, off.MaxAutoPrepare);
        Assert.Equal(10, own.MaxAutoPrepare);
        var bad = Assert.Throws<ArgumentException>(() => Built("Host=db;Frobnicate=1"));
        Assert.Contains("not a valid PostgreSQL connection string", bad.Message, StringComparison.Ordinal);
    }
}
