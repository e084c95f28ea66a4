using System.Globalization;

namespace CommitmentBot.Sandbox;

/// <summary>
/// The sandbox's simulated clock: starts at the real time and only moves forward when asked. Its
/// position is kept in a small file in the data folder so a restart never moves it backwards.
/// </summary>
public sealed class SandboxClock : TimeProvider
{
    private readonly Lock gate = new();
    private readonly string? statePath;
    private DateTimeOffset now;

    public SandboxClock(DateTimeOffset start, string? statePath = null)
    {
        this.statePath = statePath;
        now = start;
        if (statePath is not null && File.Exists(statePath)
            && DateTimeOffset.TryParse(File.ReadAllText(statePath).Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var saved)
            && saved > start)
        {
            now = saved;
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    /// <summary>Puts the clock back to <paramref name="instant"/> (the sandbox's reset, after its data is erased).</summary>
    public void Reset(DateTimeOffset instant)
    {
        lock (gate)
        {
            now = instant.ToUniversalTime();
            if (statePath is not null)
            {
                File.WriteAllText(statePath, now.ToString("O", CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>Moves the clock to <paramref name="instant"/>; never backwards (returns false then).</summary>
    public bool MoveTo(DateTimeOffset instant)
    {
        lock (gate)
        {
            if (instant < now)
            {
                return false;
            }

            now = instant.ToUniversalTime();
            if (statePath is not null)
            {
                File.WriteAllText(statePath, now.ToString("O", CultureInfo.InvariantCulture));
            }

            return true;
        }
    }
}
