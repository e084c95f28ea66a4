using BenchmarkDotNet.Running;
using CommitmentBot.Benchmarks.TeamsLoad;

// Micro-benchmarks: dotnet run -c Release --project tests/CommitmentBot.Benchmarks -- --filter '*'
// Each benchmark class lives in its own file; the switcher finds them all.
// Load run (not a BenchmarkDotNet benchmark): dotnet run -c Release --project tests/CommitmentBot.Benchmarks -- teams-load [--help]
// Tokens per CPU-second on a shared machine: ... -- teams-jwt [--seconds 10] [--threads 1]
switch (args)
{
    case ["teams-load", .. var rest]:
        return await TeamsLoadHarness.RunAsync(rest);
    case ["teams-jwt", .. var rest]:
        return await JwtThroughput.RunAsync(rest);
}

// Not typeof(Program): the host project also declares a public Program class (CS0436).
BenchmarkSwitcher.FromAssembly(System.Reflection.Assembly.GetExecutingAssembly()).Run(args);
return 0;
