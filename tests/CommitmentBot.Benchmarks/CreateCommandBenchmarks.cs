using System.Diagnostics;
using System.Net.Http.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CommitmentBot.Benchmarks;

/// <summary>The sandbox app in process on its own SQLite file, Hangfire server off.</summary>
internal sealed class SandboxHost : WebApplicationFactory<Program>
{
    private readonly string dataPath = Path.Combine(Path.GetTempPath(), "commitmentbot-bench", Guid.NewGuid().ToString("N"));

    static SandboxHost()
    {
        // Outside a test project WebApplicationFactory cannot find the host's project folder; the output folder will do.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_COMMITMENTBOT", AppContext.BaseDirectory);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("App:DataPath", dataPath);
        builder.UseSetting("Clock:RunServer", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(dataPath))
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }
}

/// <summary>Create through the sandbox API, in process, on SQLite: parse, store, plan the ladder, reply.</summary>
[MemoryDiagnoser]
public class CreateCommandBenchmarks
{
    private SandboxHost host = null!;
    private HttpClient http = null!;
    private int n;

    [GlobalSetup]
    public void Setup()
    {
        host = new SandboxHost();
        http = host.CreateClient();
        http.PostAsJsonAsync("/sandbox/api/say", new { user = "ana", text = "warm up by Friday" }).GetAwaiter().GetResult().EnsureSuccessStatusCode();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        http.Dispose();
        host.Dispose();
    }

    [Benchmark]
    public async Task<int> CreateViaSandboxApi()
    {
        var response = await http.PostAsJsonAsync("/sandbox/api/say", new { user = "ana", text = $"send revised quote {++n} for Acme by Friday 3pm" });
        response.EnsureSuccessStatusCode();
        return (int)response.StatusCode;
    }
}

/// <summary>create-latency: p50/p99 of create through the sandbox API, in process on SQLite (goal p99 ≤ 5 ms).</summary>
public sealed class CreateLatencyHarness : IHarness
{
    public string Name => "create-latency";

    public string Description => "p50/p99 of /promise create via the sandbox API in process on SQLite [--count 5000]";

    public async Task<int> RunAsync(string[] args)
    {
        var count = int.Parse(Harnesses.Option(args, "count", "5000"), System.Globalization.CultureInfo.InvariantCulture);
        using var host = new SandboxHost();
        using var http = host.CreateClient();
        for (var i = 0; i < 300; i++)
        {
            (await http.PostAsJsonAsync("/sandbox/api/say", new { user = "ana", text = $"warm up {i} by Friday" })).EnsureSuccessStatusCode();
        }

        var samples = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var response = await http.PostAsJsonAsync("/sandbox/api/say", new { user = "ana", text = $"send revised quote {i} for Acme by Friday 3pm" });
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            response.EnsureSuccessStatusCode();
        }

        if (args.Contains("--outliers"))
        {
            // Which requests were slow, and how far apart: periodic spikes point at checkpoints or timers.
            Console.WriteLine(string.Join(' ', samples.Select((ms, i) => (ms, i)).Where(s => s.ms > 4).Select(s => $"#{s.i}:{s.ms:0.0}")));
        }

        samples.Sort();
        var p99 = Harnesses.Percentile(samples, 0.99);
        Console.WriteLine($"create via sandbox API, SQLite, {count} sequential: p50 {Harnesses.Percentile(samples, 0.50):0.000} ms, p90 {Harnesses.Percentile(samples, 0.90):0.000} ms, p99 {p99:0.000} ms, max {samples[^1]:0.000} ms (load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
        return p99 <= 5 ? 0 : 1;
    }
}
