using System.Globalization;
using CommitmentBot.Storage;

namespace CommitmentBot.CrashHarness;

/// <summary>
/// Where the run dies: a send after the platform took the message (before it is recorded) or before the platform is
/// called; or, in request mode, after the command did its work and before the request's transaction commits.
/// </summary>
public enum CrashPoint
{
    None,
    AfterSend,
    BeforeSend,
    InRequest,
}

/// <summary>How the process dies: by its own hand (<see cref="Environment.FailFast(string)"/>) or by the parent's SIGKILL.</summary>
public enum DeathKind
{
    FailFast,
    WaitForKill,
}

/// <summary>The command line of one harness run.</summary>
public sealed record HarnessOptions(
    StorageOptions Storage,
    DateTimeOffset Now,
    string LogPath,
    bool LookupSupported,
    CrashPoint Crash,
    int CrashOn,
    DeathKind Death)
{
    /// <summary>Request mode: run one command (<see cref="RequestText"/>) guarded by this request key, instead of the clock.</summary>
    public string? RequestKey { get; init; }

    /// <summary>The workspace of request mode.</summary>
    public string RequestWorkspace { get; init; } = "T-REQUEST";

    /// <summary>The command request mode runs.</summary>
    public string RequestText { get; init; } = "send the revised quote by Friday 3pm";

    public const string Usage =
        "usage: CommitmentBot.CrashHarness --provider Sqlite|PostgreSql|SqlServer --connection <string> --now <UTC ISO-8601> --log <file>\n"
        + "       [--lookup supported|unsupported] [--crash after-send|before-send --crash-on <n>] [--die failfast|wait-for-kill]\n"
        + "       request mode: --request <key> [--workspace <id>] [--text <command>] [--crash in-request [--die failfast|wait-for-kill]]";

    /// <summary>Reads the arguments; returns null with <paramref name="error"/> set when they are unusable (an unknown choice throws <see cref="ArgumentException"/>).</summary>
    public static HarnessOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                error = $"expected '--name value' pairs, got '{args[i]}'";
                return null;
            }

            values[args[i][2..]] = args[i + 1];
        }

        error = Missing(values, "provider", "connection", "now", "log");
        if (error is not null)
        {
            return null;
        }

        if (!Enum.TryParse<StorageProvider>(values["provider"], ignoreCase: true, out var provider))
        {
            error = $"unknown provider '{values["provider"]}'";
            return null;
        }

        if (!DateTimeOffset.TryParse(values["now"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var now))
        {
            error = $"--now '{values["now"]}' is not an instant";
            return null;
        }

        var crash = values.GetValueOrDefault("crash") switch
        {
            null or "none" => CrashPoint.None,
            "after-send" => CrashPoint.AfterSend,
            "before-send" => CrashPoint.BeforeSend,
            "in-request" => CrashPoint.InRequest,
            var other => throw new ArgumentException($"unknown --crash '{other}'"),
        };
        var crashOn = 0;
        if (crash is CrashPoint.AfterSend or CrashPoint.BeforeSend && (!int.TryParse(values.GetValueOrDefault("crash-on"), CultureInfo.InvariantCulture, out crashOn) || crashOn < 1))
        {
            error = "--crash needs --crash-on <n> (n ≥ 1: the n-th send of this run)";
            return null;
        }

        var death = values.GetValueOrDefault("die") switch
        {
            null or "failfast" => DeathKind.FailFast,
            "wait-for-kill" => DeathKind.WaitForKill,
            var other => throw new ArgumentException($"unknown --die '{other}'"),
        };
        var lookup = values.GetValueOrDefault("lookup") switch
        {
            null or "supported" => true,
            "unsupported" => false,
            var other => throw new ArgumentException($"unknown --lookup '{other}'"),
        };

        var storage = new StorageOptions { Provider = provider, ConnectionString = values["connection"] };
        if (crash == CrashPoint.InRequest && !values.ContainsKey("request"))
        {
            error = "--crash in-request needs --request <key>";
            return null;
        }

        return new HarnessOptions(storage, now.ToUniversalTime(), values["log"], lookup, crash, crashOn, death)
        {
            RequestKey = values.GetValueOrDefault("request"),
            RequestWorkspace = values.GetValueOrDefault("workspace") ?? "T-REQUEST",
            RequestText = values.GetValueOrDefault("text") ?? "send the revised quote by Friday 3pm",
        };
    }

    /// <summary>Dies at the crash point: by <see cref="Environment.FailFast(string)"/>, or by telling the parent and waiting for its SIGKILL.</summary>
    public async Task DieAsync(string where)
    {
        if (Death == DeathKind.FailFast)
        {
            Environment.FailFast($"crash harness: dying {where}");
        }

        await Console.Out.WriteLineAsync($"waiting-for-kill {where}");
        await Console.Out.FlushAsync();
        await Task.Delay(Timeout.InfiniteTimeSpan);
    }

    private static string? Missing(Dictionary<string, string> values, params string[] names) =>
        names.FirstOrDefault(n => !values.ContainsKey(n)) is { } missing ? $"--{missing} is required" : null;
}
