using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CommitmentBot.Benchmarks.SlackLoad;

/// <summary>
/// The real app (the Release build of src/CommitmentBot) in a process of its own on Kestrel, configured
/// through environment variables; its log goes to a file. Stopped (by its own process id) when disposed.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;

    private AppProcess(Process process, StreamWriter log, string url)
    {
        this.process = process;
        this.log = log;
        Url = url;
    }

    public string Url { get; }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>The exit code, once exited.</summary>
    public int ExitCode => process.ExitCode;

    /// <summary>SIGKILL: the process dies where it stands, with no chance to finish or hand anything back.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: false);
        }

        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as an orchestrator stops a container; true when the process exited within <paramref name="limit"/>.</summary>
    public async Task<bool> TerminateAsync(TimeSpan limit)
    {
        if (!process.HasExited)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                ?? throw new InvalidOperationException("kill did not start.");
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Starts <paramref name="appDll"/> with <paramref name="settings"/> (configuration keys, e.g. <c>Slack:BotToken</c>) and waits for /healthz.</summary>
    /// <remarks>The log file holds exactly what the app wrote (stdout and stderr, line by line).</remarks>
    public static async Task<AppProcess> StartAsync(string appDll, IReadOnlyDictionary<string, string> settings, string logPath)
    {
        // A deployment's own ASPNETCORE_HTTP_PORTS is kept (the compose and Kubernetes settings use it); else a free port.
        var port = settings.TryGetValue("ASPNETCORE_HTTP_PORTS", out var ports) ? ports : FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var url = "http://127.0.0.1:" + port;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(appDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(appDll);
        if (!settings.ContainsKey("ASPNETCORE_HTTP_PORTS"))
        {
            start.Environment["ASPNETCORE_URLS"] = url;
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, log, url);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                var code = process.ExitCode;
                await app.DisposeAsync();
                throw new InvalidOperationException($"The app exited with code {code} while starting; see {logPath}.");
            }

            try
            {
                using var health = await http.GetAsync(url + "/healthz");
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return app;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // still starting
            }

            await Task.Delay(200);
        }

        await app.DisposeAsync();
        throw new TimeoutException($"The app did not become healthy within 90 s; see {logPath}.");
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        lock (log)
        {
            log.Dispose();
        }
    }
}
