using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Migrations;

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
}
