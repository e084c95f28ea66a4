using BenchmarkDotNet.Running;

// Micro-benchmarks: dotnet run -c Release --project tests/CommitmentBot.Benchmarks -- --filter '*'
// Each benchmark class lives in its own file; the switcher finds them all.
// Not typeof(Program): the host project also declares a public Program class (CS0436).
BenchmarkSwitcher.FromAssembly(System.Reflection.Assembly.GetExecutingAssembly()).Run(args);
