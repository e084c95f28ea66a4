using System.Diagnostics;
using CommitmentBot.Storage;

namespace CommitmentBot.Storage.Tests.Contracts;

/// <summary>
/// Runs the crash harness (tests/CommitmentBot.CrashHarness, built beside the tests) as a child process against a
/// database; when it reports that it waits for its death, SIGKILLs it.
/// </summary>
internal static class CrashHarnessProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(
        StorageOptions storage,
        string workingDirectory,
        IReadOnlyList<string> args,
        TimeSpan timeoutAfter,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(HarnessPath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory, // where a core file would land, deleted with it
        };
        foreach (var arg in new[] { "--provider", storage.Provider.ToString(), "--connection", storage.ConnectionString }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("DOTNET_DbgEnableMiniDump");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The crash harness did not start.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(timeoutAfter);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        var stdout = new List<string>();
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                stdout.Add(line);
                if (line.StartsWith("waiting-for-kill", StringComparison.Ordinal))
                {
                    process.Kill(entireProcessTree: true); // SIGKILL: no finally blocks, no flushes, no goodbyes
                }
            }

            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, string.Join('\n', stdout) + "\n" + await stderr);
    }

    private static string HarnessPath()
    {
        var name = OperatingSystem.IsWindows() ? "CommitmentBot.CrashHarness.exe" : "CommitmentBot.CrashHarness";
        var path = Path.Combine(AppContext.BaseDirectory, name);
        return File.Exists(path) ? path : throw new FileNotFoundException("The crash harness is built with the tests (project reference); it is missing.", path);
    }
}
