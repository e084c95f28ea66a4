using System.Diagnostics;
using System.Globalization;

namespace CommitmentBot.Benchmarks.TeamsLoad;

/// <summary>
/// <c>teams-jwt [--seconds 10] [--threads 1]</c>: validates distinct tokens with cached keys (held as JWKs,
/// as production holds them) for a while and reports tokens per second of wall time and per second of
/// this process's CPU time. The CPU figure is "per core" and stays meaningful on a machine shared with
/// other work, where BenchmarkDotNet's wall-clock means wander.
/// </summary>
internal static class JwtThroughput
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = ReadNumber(args, "--seconds", 10);
        var threads = ReadNumber(args, "--threads", 1);
        using var tokens = TokenBatch.Create(4096);
        var headers = tokens.Tokens.Select(t => "Bearer " + t).ToArray();

        // Warm up (JIT, provider caches), then measure.
        for (var i = 0; i < 2000; i++)
        {
            await tokens.CheckAsync(headers[i & 4095]);
        }

        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        var counts = await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(async () =>
        {
            long n = 0;
            while (wall.Elapsed < deadline)
            {
                await tokens.CheckAsync(headers[(int)((n * threads) + t) & 4095]);
                n++;
            }

            return n;
        })));
        wall.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var total = counts.Sum();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"JWT validation, cached keys, {threads} thread(s), {wall.Elapsed.TotalSeconds:0.0} s: {total} tokens"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {total / wall.Elapsed.TotalSeconds:0} tokens/s wall, {total / cpu.TotalSeconds:0} tokens per CPU-second ({cpu.TotalMilliseconds * 1000 / total:0.0} µs of CPU each)"));
        Console.WriteLine($"  target ≥ 20,000 tokens/s per core: {(total / cpu.TotalSeconds >= 20_000 ? "met" : "MISSED")} (load average {File.ReadAllText("/proc/loadavg").Trim()})");
        return 0;
    }

    private static int ReadNumber(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;
    }
}
