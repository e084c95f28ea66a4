using BenchmarkDotNet.Running;
using CommitmentBot.Benchmarks.SlackLoad;

// Micro-benchmarks: dotnet run -c Release --project tests/CommitmentBot.Benchmarks -- --filter '*'
// Each benchmark class lives in its own file; the switcher finds them all.
// The Slack load run (the real app on Kestrel under signed slash commands):
//   dotnet run -c Release --project tests/CommitmentBot.Benchmarks -- slack-load [--provider PostgreSql]
if (args is ["slack-load", .. var rest])
{
    return await SlackLoadRun.RunAsync(rest);
}

// Not typeof(Program): the host project also declares a public Program class (CS0436).
BenchmarkSwitcher.FromAssembly(System.Reflection.Assembly.GetExecutingAssembly()).Run(args);
return 0;
