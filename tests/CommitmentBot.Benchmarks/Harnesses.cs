using System.Reflection;

namespace CommitmentBot.Benchmarks;

/// <summary>A measurement too long or too end-to-end for BenchmarkDotNet (load runs, start-up memory, crash recovery).</summary>
public interface IHarness
{
    /// <summary>The first command-line argument that selects it.</summary>
    string Name { get; }

    /// <summary>One line for `list`.</summary>
    string Description { get; }

    /// <summary>Runs it; the exit code says whether the goal was met.</summary>
    Task<int> RunAsync(string[] args);
}

/// <summary>Finds the harnesses in this assembly.</summary>
public static class Harnesses
{
    public static IReadOnlyList<IHarness> All { get; } = Assembly.GetExecutingAssembly().GetTypes()
        .Where(t => typeof(IHarness).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
        .Select(t => (IHarness)Activator.CreateInstance(t)!)
        .OrderBy(h => h.Name, StringComparer.Ordinal)
        .ToList();

    public static IHarness? Find(string name) => All.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The value of <c>--name value</c>, or the default.</summary>
    public static string Option(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, "--" + name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }

    /// <summary>The value at quantile <paramref name="q"/> of sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    /// <summary>The machine's load average (1, 5, 15 minutes) as this process sees it: the machine is shared, and every figure is quoted with it.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>The CPU time a process has used so far (zero once it has exited).</summary>
    public static TimeSpan AppCpu(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return process.TotalProcessorTime;
        }
        catch (ArgumentException)
        {
            return TimeSpan.Zero;
        }
    }
}
