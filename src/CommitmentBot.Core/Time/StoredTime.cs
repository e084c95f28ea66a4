namespace CommitmentBot.Core.Time;

/// <summary>
/// The one rounding rule for instants. Storage keeps instants as whole UTC milliseconds, so Core reads the clock
/// at that precision and rounds every instant it computes up to it: what is decided is then exactly what is
/// saved and read back, and a step due at an instant is due again when that instant is read from storage.
/// (A heads-up at 25% of a window can otherwise fall between milliseconds: saved one millisecond earlier, it was
/// claimed, found "not yet due", and saved again at the same earlier millisecond, forever.)
/// </summary>
public static class StoredTime
{
    /// <summary>The clock's reading, truncated to whole milliseconds (UTC).</summary>
    public static DateTimeOffset Now(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return Floor(clock.GetUtcNow());
    }

    /// <summary>The instant truncated to whole milliseconds (UTC): how storage keeps it.</summary>
    public static DateTimeOffset Floor(DateTimeOffset instant)
    {
        var ticks = instant.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    /// <summary>The instant rounded up to whole milliseconds (UTC): a computed step is never earlier than planned.</summary>
    public static DateTimeOffset Ceiling(DateTimeOffset instant)
    {
        var floor = Floor(instant);
        return floor.UtcTicks == instant.UtcTicks ? floor : floor.AddMilliseconds(1);
    }

    /// <summary>True when storage keeps <paramref name="instant"/> exactly.</summary>
    public static bool IsExact(DateTimeOffset instant) => instant.UtcTicks % TimeSpan.TicksPerMillisecond == 0;
}
