using BenchmarkDotNet.Running;

// Micro-benchmarks: dotnet run -c Release --project tests/CommitmentBot.Benchmarks -- --filter '*'
// Each benchmark class lives in its own file; the switcher finds them all.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
