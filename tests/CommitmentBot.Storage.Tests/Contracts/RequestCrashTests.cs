using System.Globalization;
using CommitmentBot.Storage.Tests.Databases;

namespace CommitmentBot.Storage.Tests.Contracts;

/// <summary>
/// A process really dies in the middle of a request (<see cref="Environment.FailFast(string)"/> or SIGKILL) after the
/// command did its work and before the request committed: the crash harness (tests/CommitmentBot.CrashHarness, request
/// mode) runs one real command (<c>CommandRunner</c>: workspace, person, promise) under a request key, as an inbound
/// Slack or Teams request does. Nothing of it may survive — not the key, so the retry runs the command; not the promise,
/// so the retry does not make a second one — and once a run has finished, a retry is a repeat.
/// </summary>
public abstract class RequestCrashTests(DatabaseFixture database)
{
    private static readonly TimeSpan ChildTimeout = TimeSpan.FromMinutes(2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("failfast")]
    [InlineData("wait-for-kill")]
    public async Task ARequestThatDiesAfterItsWork_LeavesNothing_AndItsRetryRunsOnce(string die)
    {
        await using var db = await ClockDatabase.CreateAsync(database);
        var workspace = Samples.NewWorkspace();
        var folder = Directory.CreateTempSubdirectory("commitmentbot-request-crash-");
        try
        {
            // 1. The command runs and the process dies before its transaction commits.
            var dying = await RunAsync(db, folder.FullName, workspace, "cmd:trigger-1", ["--crash", "in-request", "--die", die]);
            Assert.True(dying.ExitCode != 0, $"the harness should have died; it exited 0:\n{dying.Output}");
            Assert.DoesNotContain("request ran", dying.Output, StringComparison.Ordinal);
            Assert.Equal(0, await CountAsync(db, "inbound_requests", workspace));
            Assert.Equal(0, await CountAsync(db, "commitments", workspace));
            Assert.Equal(0, await CountAsync(db, "people", workspace));
            Assert.Equal(0, await CountAsync(db, "workspaces", workspace));

            // 2. The retry with the same key runs the command: one promise, numbered as the first.
            var retry = await RunAsync(db, folder.FullName, workspace, "cmd:trigger-1", []);
            Assert.True(retry.ExitCode == 0, retry.Output);
            Assert.Contains("request ran", retry.Output, StringComparison.Ordinal);
            Assert.Contains("P-1", retry.Output, StringComparison.Ordinal);
            Assert.Equal(1, await CountAsync(db, "commitments", workspace));
            Assert.Equal(1, await CountAsync(db, "inbound_requests", workspace));

            // 3. A retry after the finished run is a repeat, and changes nothing.
            var repeat = await RunAsync(db, folder.FullName, workspace, "cmd:trigger-1", []);
            Assert.True(repeat.ExitCode == 0, repeat.Output);
            Assert.Contains("request repeated", repeat.Output, StringComparison.Ordinal);
            Assert.Equal(1, await CountAsync(db, "commitments", workspace));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static Task<(int ExitCode, string Output)> RunAsync(ClockDatabase db, string folder, string workspace, string key, IReadOnlyList<string> extra) =>
        CrashHarnessProcess.RunAsync(
            db.Options,
            folder,
            ["--now", Samples.Now.ToString("O", CultureInfo.InvariantCulture), "--log", Path.Combine(folder, "unused.log"), "--request", key, "--workspace", workspace, .. extra],
            ChildTimeout,
            Ct);

    private static async Task<long> CountAsync(ClockDatabase db, string table, string workspace) =>
        await db.ScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE workspace_id = @Workspace", new { Workspace = workspace });
}
