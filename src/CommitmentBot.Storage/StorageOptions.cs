namespace CommitmentBot.Storage;

/// <summary>Which database engine holds the commitment tables.</summary>
public enum StorageProvider
{
    /// <summary>An embedded SQLite file (the default for a single instance and the sandbox).</summary>
    Sqlite,

    /// <summary>PostgreSQL.</summary>
    PostgreSql,

    /// <summary>SQL Server or Azure SQL (production).</summary>
    SqlServer,
}

/// <summary>Where the commitment tables live (<c>Storage:Provider</c>, <c>ConnectionStrings:CommitmentBot</c>).</summary>
public sealed record StorageOptions
{
    /// <summary>The engine.</summary>
    public StorageProvider Provider { get; init; } = StorageProvider.Sqlite;

    /// <summary>The ADO.NET connection string for <see cref="Provider"/>.</summary>
    public string ConnectionString { get; init; } = "";

    /// <summary>The problem with these options, or null when they can be used.</summary>
    public string? Validate()
    {
        if (!Enum.IsDefined(Provider))
        {
            return $"Storage:Provider '{Provider}' is not one of Sqlite, PostgreSql, SqlServer.";
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            return "ConnectionStrings:CommitmentBot is empty; set it to the database's connection string.";
        }

        return null;
    }
}
