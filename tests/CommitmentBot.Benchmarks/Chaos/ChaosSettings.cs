using System.Globalization;

namespace CommitmentBot.Benchmarks.Chaos;

/// <summary>One chaos run: how hard to kill, how fast promises fall due, and against what.</summary>
public sealed record ChaosSettings
{
    /// <summary>True: the platform can look up what was sent (Slack's history with message metadata). False: it cannot (as Teams).</summary>
    public bool LookupSupported { get; init; } = true;

    /// <summary>
    /// How long the fake Slack takes to answer chat.postMessage (it keeps the message at once). This opens the send
    /// window wide enough for kills to land inside it: the platform has the message and the sender dies before it
    /// records the send.
    /// </summary>
    public TimeSpan PostLatency { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>SIGKILLs to deal before promises stop being made.</summary>
    public int Kills { get; init; } = 100;

    /// <summary>The wait between one instance being back up and the next kill is drawn from [MinGap, MaxGap].</summary>
    public TimeSpan MinGap { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxGap { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>A new promise is made this often while the kills go on.</summary>
    public TimeSpan PromiseEvery { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How far ahead each promise falls due, in the bot's own language.</summary>
    public string DueIn { get; init; } = "in 2 minutes";

    /// <summary>How long to wait, after the last kill, for every ladder to finish.</summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromMinutes(8);

    /// <summary>The workspace's escalation policy, as <c>/promise admin policy</c> arguments (fractions of a minute are seconds).</summary>
    public IReadOnlyList<string> Ladder { get; init; } = ["headsup-min 0.25m", "overdue 0.25m", "manager 0.5m", "channel 0.25m"];

    /// <summary>The app's <c>Clock:SweepInterval</c>.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The app's <c>Clock:DeliveryLease</c>: how long a killed instance's sends stay claimed before another instance looks.</summary>
    public TimeSpan DeliveryLease { get; init; } = TimeSpan.FromMinutes(2);

    public int Reps { get; init; } = 6;

    public int Managers { get; init; } = 2;

    public int Seed { get; init; } = Environment.TickCount;

    /// <summary>The app to run: a build or publish of src/CommitmentBot.</summary>
    public required string AppDll { get; init; }

    /// <summary>A PostgreSQL server connection string; each run gets a database of its own there, dropped afterwards.</summary>
    public required string ServerConnection { get; init; }

    /// <summary>Where the instances' logs and data folders go.</summary>
    public required string WorkFolder { get; init; }

    public bool KeepDatabase { get; init; }

    /// <summary>Progress lines go here (null: quiet).</summary>
    public TextWriter? Progress { get; init; }

    /// <summary>
    /// The CI version: about 10 kills in under two minutes on a quiet machine. Promises fall due half a minute after
    /// they are made (so ladders run while the kills go on, and the last ones finish soon after), the ladder runs in a
    /// quarter of a minute on a 2-second sweep, and a short lease lets a killed instance's sends be picked up before
    /// the run ends.
    /// </summary>
    public static ChaosSettings Brief(string appDll, string serverConnection, string workFolder, bool lookupSupported) => new()
    {
        LookupSupported = lookupSupported,
        Kills = 10,
        MinGap = TimeSpan.FromSeconds(1),
        MaxGap = TimeSpan.FromSeconds(3),
        PromiseEvery = TimeSpan.FromSeconds(1),
        DueIn = "in 0.5 minutes",
        Ladder = ["headsup-min 0.2m", "overdue 0.1m", "manager 0.2m", "channel 0.1m"],
        SweepInterval = TimeSpan.FromSeconds(2),
        Drain = TimeSpan.FromMinutes(3),
        DeliveryLease = TimeSpan.FromSeconds(15),
        AppDll = appDll,
        ServerConnection = serverConnection,
        WorkFolder = workFolder,
    };

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{(LookupSupported ? "Slack (sends looked up in history)" : "Teams-like (sends cannot be looked up)")}, {Kills} kills every {MinGap.TotalSeconds:0}-{MaxGap.TotalSeconds:0} s once both are up, "
        + $"a promise every {PromiseEvery.TotalSeconds:0.#} s due {DueIn}, sweep every {SweepInterval.TotalSeconds:0} s, posts answered after {PostLatency.TotalMilliseconds:0} ms, lease {DeliveryLease.TotalSeconds:0} s, seed {Seed}");
}
