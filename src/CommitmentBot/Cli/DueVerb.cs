using System.Globalization;
using CommitmentBot.Core.Time;
using NodaTime;
using NodaTime.Text;

namespace CommitmentBot.Cli;

/// <summary>
/// <c>due --zone &lt;IANA zone&gt; --now &lt;UTC instant&gt; [--date-order MDY|DMY] [--hours "Mon-Fri 08:00-18:00"]</c>:
/// reads due phrases from the input, one a line, and prints how the bot reads each — the instant in UTC
/// (<c>yyyy-MM-ddTHH:mm:ssZ</c>) or <c>error: &lt;the reason a rep would be shown&gt;</c>.
/// Exit codes: 0 when every line was read (lines that fail still count as read), 2 for bad arguments.
/// </summary>
public static class DueVerb
{
    /// <summary>Exit code when every line was read.</summary>
    public const int Ok = 0;

    /// <summary>Exit code for missing or bad arguments.</summary>
    public const int BadArguments = 2;

    /// <summary>One-line usage, printed with argument errors and for <c>--help</c>.</summary>
    public const string Usage =
        "usage: due --zone <IANA zone> --now <UTC instant, e.g. 2026-11-23T15:00:00Z> [--date-order MDY|DMY] [--hours \"Mon-Fri 08:00-18:00\"]";

    private static readonly IPattern<Instant>[] InstantPatterns =
    [
        InstantPattern.ExtendedIso,
        InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm'Z'"),
    ];

    /// <summary>Runs the verb; <paramref name="args"/> are the arguments after <c>due</c>.</summary>
    public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        if (Array.Exists(args, a => a is "--help" or "-h"))
        {
            output.WriteLine(Usage);
            output.WriteLine("Reads due phrases from standard input, one a line; prints the UTC instant or \"error: <reason>\" for each.");
            output.WriteLine("The zone may be an IANA id, a name such as EST or CET (with its daylight saving), or an offset such as UTC+5:30.");
            output.WriteLine();
            output.WriteLine("Phrases it reads (as /promise does, after \"by\"):");
            foreach (var line in DueTimeHelp.Lines)
            {
                output.WriteLine("  " + line.Replace("`", "", StringComparison.Ordinal));
            }

            return Ok;
        }

        if (!TryReadArguments(args, out var context, out var problem))
        {
            error.WriteLine($"due: {problem}");
            error.WriteLine(Usage);
            return BadArguments;
        }

        // Blank lines get an answer like any other, except those at the very end (a file's final newline).
        var blanks = 0;
        while (input.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                blanks++;
                continue;
            }

            for (; blanks > 0; blanks--)
            {
                output.WriteLine(Describe(DueTimeParser.Parse(ReadOnlySpan<char>.Empty, context)));
            }

            output.WriteLine(Describe(DueTimeParser.Parse(line.AsSpan(), context)));
        }

        output.Flush();
        return Ok;
    }

    /// <summary>One output line for one phrase.</summary>
    public static string Describe(in DueParseResult result)
        => result.Success
            ? result.Due.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : $"error: {result.Message}";

    private static bool TryReadArguments(string[] args, out DueContext context, out string problem)
    {
        context = default;
        string? zoneId = null;
        string? nowText = null;
        string? orderText = null;
        string? hoursText = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string? value = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (name.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }

            switch (name)
            {
                case "--zone":
                    zoneId = value;
                    break;
                case "--now":
                    nowText = value;
                    break;
                case "--date-order":
                    orderText = value;
                    break;
                case "--hours":
                    hoursText = value;
                    break;
                default:
                    problem = $"unknown argument '{args[i]}'";
                    return false;
            }

            if (string.IsNullOrWhiteSpace(value))
            {
                problem = $"{name} needs a value";
                return false;
            }
        }

        if (zoneId is null)
        {
            problem = "--zone is required";
            return false;
        }

        if (!TimeZones.TryResolve(zoneId, out var zone))
        {
            problem = $"unknown time zone '{zoneId}' (use an IANA id such as America/New_York, a name such as EST, or an offset such as UTC+5:30)";
            return false;
        }

        if (nowText is null)
        {
            problem = "--now is required";
            return false;
        }

        if (!TryReadInstant(nowText.Trim(), out var now))
        {
            problem = $"--now '{nowText}' is not a UTC instant like 2026-11-23T15:00:00Z";
            return false;
        }

        var order = DateOrder.MDY;
        if (orderText is not null)
        {
            if (orderText.Trim().Equals("DMY", StringComparison.OrdinalIgnoreCase))
            {
                order = DateOrder.DMY;
            }
            else if (!orderText.Trim().Equals("MDY", StringComparison.OrdinalIgnoreCase))
            {
                problem = $"--date-order '{orderText}' must be MDY or DMY";
                return false;
            }
        }

        var hours = WorkingHours.Default;
        if (hoursText is not null && !WorkingHours.TryParse(hoursText, out hours, out var hoursProblem))
        {
            problem = $"--hours: {hoursProblem}";
            return false;
        }

        context = new DueContext(now.ToDateTimeOffset(), zone, order, hours);
        problem = "";
        return true;
    }

    private static bool TryReadInstant(string text, out Instant instant)
    {
        foreach (var pattern in InstantPatterns)
        {
            var parsed = pattern.Parse(text);
            if (parsed.Success)
            {
                instant = parsed.Value;
                return true;
            }
        }

        // An explicit offset names an instant just as well ("2026-11-23T10:00:00-05:00").
        var offset = OffsetDateTimePattern.ExtendedIso.Parse(text);
        instant = offset.Success ? offset.Value.ToInstant() : default;
        return offset.Success;
    }
}
