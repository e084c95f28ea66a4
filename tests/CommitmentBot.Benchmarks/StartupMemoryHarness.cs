using System.Diagnostics;
using System.Globalization;

namespace CommitmentBot.Benchmarks;

/// <summary>
/// startup-memory: starts the built app (sandbox on SQLite) as its own process, waits for /healthz, and reads its
/// working set (VmRSS) after start-up and after a few requests. Goal ≤ 150 MB.
/// </summary>
public sealed class StartupMemoryHarness : IHarness
{
    public string Name => "startup-memory";

    public string Description => "working set of the app process after start-up (sandbox, SQLite) [--dll path/to/CommitmentBot.dll]";

    public async Task<int> RunAsync(string[] args)
    {
        var dll = Harnesses.Option(args, "dll", Path.Combine(AppContext.BaseDirectory, "CommitmentBot.dll"));
        var data = Path.Combine(Path.GetTempPath(), "commitmentbot-mem-" + Guid.NewGuid().ToString("N"));
        const int port = 5391;
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\" --urls http://127.0.0.1:{port}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["App__DataPath"] = data;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var clock = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    if ((await http.GetAsync("/healthz")).IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }

                if (clock.Elapsed > TimeSpan.FromSeconds(60))
                {
                    Console.WriteLine("the app did not start within 60 s");
                    return 2;
                }

                await Task.Delay(100);
            }

            var startedIn = clock.Elapsed;
            await Task.Delay(2000);
            var afterStart = ResidentMegabytes(process.Id);
            for (var i = 0; i < 200; i++)
            {
                await http.GetAsync("/sandbox/api/users");
                await http.GetAsync("/");
            }

            var afterRequests = ResidentMegabytes(process.Id);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"started in {startedIn.TotalSeconds:0.0} s; working set after start-up {afterStart:0.0} MB, after 400 requests {afterRequests:0.0} MB"));
            return afterStart <= 150 ? 0 : 1;
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static double ResidentMegabytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return double.NaN;
    }
}
