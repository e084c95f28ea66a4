using System.Globalization;
using CommitmentBot.Benchmarks.SlackLoad;

namespace CommitmentBot.Benchmarks.Chaos;

/// <summary>One life of an instance: which slot, which start, its bot token (so the fake Slack knows who sent what), and when it was killed.</summary>
public sealed record InstanceLife(string Slot, int Number, string Token, DateTimeOffset StartedAt)
{
    public DateTimeOffset? UpAt { get; set; }

    public DateTimeOffset? KilledAt { get; set; }

    public string Name => Slot + Number.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Two app instances (separate processes) on one database. Each runs the whole app: HTTP, Hangfire server, the
/// clock. <see cref="KillOneAsync"/> SIGKILLs one of them and starts it again; only one is ever down at a time,
/// so a command always has somewhere to go.
/// </summary>
public sealed class ChaosFleet(string appDll, Func<InstanceLife, IReadOnlyDictionary<string, string>> settingsFor, string logFolder) : IAsyncDisposable
{
    private readonly Dictionary<string, (InstanceLife Life, AppProcess Process)> up = new(StringComparer.Ordinal);
    private readonly List<InstanceLife> lives = [];
    private readonly Lock gate = new();

    public IReadOnlyList<InstanceLife> Lives
    {
        get
        {
            lock (gate)
            {
                return lives.ToList();
            }
        }
    }

    public int Kills { get; private set; }

    /// <summary>The URL of a running instance, picked at random (null when none is up).</summary>
    public string? AnyUrl(Random random)
    {
        lock (gate)
        {
            var running = up.Values.Where(v => !v.Process.HasExited).ToList();
            return running.Count == 0 ? null : running[random.Next(running.Count)].Process.Url;
        }
    }

    /// <summary>Starts both instances (in parallel; the migration lock lets one migrate while the other waits).</summary>
    public Task StartAsync() => Task.WhenAll(StartLifeAsync("A"), StartLifeAsync("B"));

    /// <summary>SIGKILLs a random instance and starts it again; returns the life that was killed.</summary>
    public async Task<InstanceLife> KillOneAsync(Random random)
    {
        (InstanceLife Life, AppProcess Process) victim;
        lock (gate)
        {
            var slots = up.Keys.Order(StringComparer.Ordinal).ToList();
            victim = up[slots[random.Next(slots.Count)]];
            up.Remove(victim.Life.Slot);
        }

        await victim.Process.KillAsync();
        victim.Life.KilledAt = DateTimeOffset.UtcNow;
        Kills++;
        await victim.Process.DisposeAsync();
        await StartLifeAsync(victim.Life.Slot);
        return victim.Life;
    }

    private async Task StartLifeAsync(string slot)
    {
        InstanceLife life;
        lock (gate)
        {
            var number = lives.Count(l => l.Slot == slot) + 1;
            life = new InstanceLife(slot, number, $"xoxb-chaos-{slot}{number}", DateTimeOffset.UtcNow);
            lives.Add(life);
        }

        var process = await AppProcess.StartAsync(appDll, settingsFor(life), Path.Combine(logFolder, life.Name + ".log"));
        life.UpAt = DateTimeOffset.UtcNow;
        lock (gate)
        {
            up[slot] = (life, process);
        }
    }

    /// <summary>Stops both for good (SIGKILL too: the verdict is read from the database and the fake Slack, not from a tidy exit).</summary>
    public async ValueTask DisposeAsync()
    {
        List<AppProcess> processes;
        lock (gate)
        {
            processes = up.Values.Select(v => v.Process).ToList();
            up.Clear();
        }

        foreach (var process in processes)
        {
            await process.DisposeAsync();
        }
    }
}
