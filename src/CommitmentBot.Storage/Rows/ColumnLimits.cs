namespace CommitmentBot.Storage.Rows;

/// <summary>
/// The longest values the SQL Server schema holds. PostgreSQL and SQLite would take longer text, so
/// the stores check these before writing and every engine refuses the same input the same way.
/// </summary>
internal static class ColumnLimits
{
    public const int Id = 128;
    public const int CommitmentText = 500;
    public const int Customer = 100;
    public const int EventKind = 32;
    public const int Note = 2000;
    public const int DisplayName = 256;
    public const int TimeZone = 64;
    public const int SourceLink = 1000;
    public const int Platform = 16;
    public const int TeamName = 256;
    public const int Scopes = 2000;
    public const int ServiceUrl = 512;
    public const int ConversationId = 512;
    public const int RefKey = 256;
    public const int IdempotencyKey = 300;
    public const int SnoozeReason = 200;

    /// <summary>Throws <see cref="ArgumentException"/> naming the value when it is too long.</summary>
    public static void Check(string? value, int limit, string what)
    {
        if (value is not null && value.Length > limit)
        {
            throw new ArgumentException($"{what} is {value.Length} characters long; at most {limit} can be stored.", what);
        }
    }

    /// <summary>Throws when a required value is missing or too long.</summary>
    public static void CheckRequired(string? value, int limit, string what)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException($"{what} is required.", what);
        }

        Check(value, limit, what);
    }
}
