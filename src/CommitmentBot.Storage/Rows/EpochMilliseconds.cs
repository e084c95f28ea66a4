namespace CommitmentBot.Storage.Rows;

/// <summary>
/// Instants are stored as Unix epoch milliseconds (UTC) on every engine. Sub-millisecond precision is
/// dropped on the way in, so the stores hand back what a later read returns.
/// </summary>
internal static class EpochMilliseconds
{
    public static long From(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    public static long? From(DateTimeOffset? instant) => instant?.ToUnixTimeMilliseconds();

    public static DateTimeOffset ToInstant(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    public static DateTimeOffset? ToInstant(long? milliseconds) =>
        milliseconds is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;

    /// <summary>The instant as a read would return it (UTC, whole milliseconds).</summary>
    public static DateTimeOffset Truncate(DateTimeOffset instant) => ToInstant(From(instant));

    public static DateTimeOffset? Truncate(DateTimeOffset? instant) => ToInstant(From(instant));
}
