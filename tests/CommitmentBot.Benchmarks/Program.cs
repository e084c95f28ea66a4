using BenchmarkDotNet.Running;

namespace CommitmentBot.Benchmarks;

/// <summary>
/// Micro-benchmarks: <c>dotnet run -c Release --project tests/CommitmentBot.Benchmarks -- --filter '*'</c>.
/// Load and measurement harnesses: <c>… -- &lt;harness&gt; [options]</c> (<c>list</c> shows them).
/// Each benchmark or harness lives in its own file and is found by reflection. (An explicit entry class,
/// not top-level statements: the host project already declares the global <c>Program</c>.)
/// </summary>
public static class BenchmarkEntry
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && Harnesses.Find(args[0]) is { } harness)
        {
            return await harness.RunAsync(args[1..]);
        }

        if (args is ["list"])
        {
            foreach (var h in Harnesses.All)
            {
                Console.WriteLine($"{h.Name,-24} {h.Description}");
            }

            return 0;
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
        return 0;
    }
}
