using BenchmarkDotNet.Running;
using CommitmentBot.Benchmarks.Clock;

// Micro-benchmarks: dotnet run -c Release --project tests/CommitmentBot.Benchmarks -- --filter '*'
// Each benchmark class lives in its own file; the switcher finds them all.
// The clock's multi-second load measurements: ... -- load burst|explain|hangfire (see Clock/LoadHarness.cs).
if (args.Length > 0 && args[0] == "load")
{
    return await LoadHarness.RunAsync(args[1..]);
}

// Not typeof(Program): the host project also declares a public Program class (CS0436).
BenchmarkSwitcher.FromAssembly(System.Reflection.Assembly.GetExecutingAssembly()).Run(args);
return 0;
