using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Ports;
using CommitmentBot.Storage.Stores;
using CommitmentBot.Storage.Tests.Databases;

namespace CommitmentBot.Storage.Tests.Contracts;

/// <summary>
/// The <c>IRequestDeduplicator</c> contract, run against every engine: keys recorded on their own (<c>TryBeginAsync</c>),
/// and keys stored together with the work they guard (<c>RunOnceAsync</c>): committed with its writes, rolled back with
/// them, and a retry that meets an attempt in flight waits for its outcome.
/// </summary>
public abstract class RequestDeduplicatorTests(DatabaseFixture database)
{
    private RequestDeduplicator Store => new(database.Connections);

    private CommitmentStore Commitments => new(database.Connections);

    /// <summary>The work of a request: one promise, as a create command makes it (with the request key as its client id).</summary>
    private Func<CancellationToken, Task<Commitment>> Create(string workspace, string key) =>
        async stop => (await Commitments.CreateAsync(Samples.Draft(workspace, clientRequestId: key), Samples.Created(workspace), stop)).Commitment;

    private async Task<long> CountAsync(string workspace) =>
        (await Commitments.ListActiveByOwnersAsync(workspace, ["U1"], 100, Ct)).Count;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TryBeginAsync_ReturnsTrueOnlyTheFirstTime_PerWorkspace()
    {
        var store = Store;
        var a = Samples.NewWorkspace();
        var b = Samples.NewWorkspace();

        Assert.True(await store.TryBeginAsync(a, "Ev01", Samples.Now, Ct));
        Assert.False(await store.TryBeginAsync(a, "Ev01", Samples.Now.AddSeconds(3), Ct));
        Assert.True(await store.TryBeginAsync(b, "Ev01", Samples.Now, Ct));
        Assert.True(await store.TryBeginAsync(a, "ev01", Samples.Now, Ct));
    }

    [Fact]
    public async Task TryBeginAsync_LetsOneCallerIn_WhenRetriesArriveTogether()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            Task.Run(() => store.TryBeginAsync(ws, "retry-me", Samples.Now, Ct), Ct)));

        Assert.Single(results, r => r);
    }

    [Fact]
    public async Task TryBeginAsync_Deduplicates_WhenTheKeyIsLongerThanTheColumn()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();
        var longKey = new string('k', 600);

        Assert.True(await store.TryBeginAsync(ws, longKey, Samples.Now, Ct));
        Assert.False(await store.TryBeginAsync(ws, longKey, Samples.Now, Ct));
        Assert.True(await store.TryBeginAsync(ws, longKey[..^1] + "j", Samples.Now, Ct));
    }

    [Fact]
    public async Task DeleteReceivedBeforeAsync_ForgetsOnlyOlderKeys()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();
        await store.TryBeginAsync(ws, "old", Samples.Now.AddDays(-100), Ct);
        await store.TryBeginAsync(ws, "new", Samples.Now, Ct);

        var deleted = await store.DeleteReceivedBeforeAsync(Samples.Now.AddDays(-99), Ct);

        Assert.Equal(1, deleted);
        Assert.True(await store.TryBeginAsync(ws, "old", Samples.Now, Ct));
        Assert.False(await store.TryBeginAsync(ws, "new", Samples.Now, Ct));
    }

    [Fact]
    public async Task RunOnceAsync_KeepsTheKeyWithTheWorksWrites_AndAnswersARetryAsARepeat()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();

        var first = await store.RunOnceAsync(ws, "cmd:1", Samples.Now, Create(ws, "cmd:1"), Ct);
        var calls = 0;
        var retry = await store.RunOnceAsync(ws, "cmd:1", Samples.Now, stop => { calls++; return Create(ws, "cmd:1")(stop); }, Ct);

        var ran = Assert.IsType<RequestRan<Commitment>>(first);
        Assert.Equal(1, ran.Result.Number);
        Assert.IsType<RequestRepeated<Commitment>>(retry);
        Assert.Equal(0, calls);
        Assert.Equal(1, await CountAsync(ws));
        Assert.False(await store.TryBeginAsync(ws, "cmd:1", Samples.Now, Ct));
    }

    [Fact]
    public async Task RunOnceAsync_RollsTheKeyBackWithTheWorksWrites_WhenTheWorkFails_SoTheRetryRunsIt()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();

        // The work writes its promise, then fails before it returns (a crash-like failure: the process goes on).
        var failing = store.RunOnceAsync<Commitment>(
            ws,
            "cmd:2",
            Samples.Now,
            async stop =>
            {
                await Create(ws, "cmd:2")(stop);
                Assert.Equal(1, await CountAsync(ws)); // the request sees its own write
                throw new InvalidOperationException("the handler failed after writing");
            },
            Ct);
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal(0, await CountAsync(ws));

        var retry = await store.RunOnceAsync(ws, "cmd:2", Samples.Now, Create(ws, "cmd:2"), Ct);

        // The retry ran and its promise is the workspace's first: the failed attempt's number went back too.
        Assert.Equal(1, Assert.IsType<RequestRan<Commitment>>(retry).Result.Number);
        Assert.Equal(1, await CountAsync(ws));
        Assert.IsType<RequestRepeated<Commitment>>(await store.RunOnceAsync(ws, "cmd:2", Samples.Now, Create(ws, "cmd:2"), Ct));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RunOnceAsync_ARetryDuringTheFirstAttempt_WaitsForIt_ThenRunsOnlyIfThatOneFailed(bool firstFails)
    {
        var store = Store;
        var ws = Samples.NewWorkspace();
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = Task.Run(
            () => store.RunOnceAsync<Commitment>(
                ws,
                "evt:3",
                Samples.Now,
                async stop =>
                {
                    var made = await Create(ws, "evt:3")(stop);
                    inside.SetResult();
                    await finish.Task.WaitAsync(stop);
                    return firstFails ? throw new InvalidOperationException("the first attempt failed") : made;
                },
                Ct),
            Ct);
        await inside.Task.WaitAsync(Ct);

        var retryCalls = 0;
        var retry = Task.Run(() => store.RunOnceAsync(ws, "evt:3", Samples.Now, stop => { retryCalls++; return Create(ws, "evt:3")(stop); }, Ct), Ct);
        await Task.Delay(300, Ct);
        Assert.False(retry.IsCompleted, "the retry should wait for the attempt in flight");
        finish.SetResult();

        if (firstFails)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => first);
            Assert.IsType<RequestRan<Commitment>>(await retry);
            Assert.Equal(1, retryCalls);
        }
        else
        {
            Assert.IsType<RequestRan<Commitment>>(await first);
            Assert.IsType<RequestRepeated<Commitment>>(await retry);
            Assert.Equal(0, retryCalls);
        }

        Assert.Equal(1, await CountAsync(ws));
    }

    [Fact]
    public async Task RunOnceAsync_AStoreThatUndoesItsOwnWrite_LeavesTheRestOfTheRequest()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();

        var run = await store.RunOnceAsync(
            ws,
            "cmd:4",
            Samples.Now,
            async stop =>
            {
                var made = await Create(ws, "cmd:4")(stop);

                // A stale version: the store's update is refused and undone, inside the request's transaction.
                var stale = await Commitments.UpdateAsync(made with { Text = "stale edit", Version = made.Version + 5 }, [], [], stop);
                var edited = await Commitments.UpdateAsync(made with { Text = "edited" }, [], [], stop);
                var again = await Commitments.CreateAsync(Samples.Draft(ws, clientRequestId: "cmd:4"), Samples.Created(ws), stop);
                return (stale, edited, again.Created);
            },
            Ct);

        var (stale, edited, createdAgain) = Assert.IsType<RequestRan<(Commitment? Stale, Commitment? Edited, bool CreatedAgain)>>(run).Result;
        Assert.Null(stale);
        Assert.NotNull(edited);
        Assert.False(createdAgain);
        var stored = Assert.Single(await Commitments.ListActiveByOwnersAsync(ws, ["U1"], 10, Ct));
        Assert.Equal("edited", stored.Text);
    }

    [Fact]
    public async Task RunOnceAsync_APromiseAlreadyStoredUnderItsClientId_IsAnswered_AndTheRequestGoesOn()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();
        var earlier = (await Commitments.CreateAsync(Samples.Draft(ws, clientRequestId: "client-7"), Samples.Created(ws), Ct)).Commitment;

        // On PostgreSQL the create is one statement that fails on the unique client id; inside the request it runs in a
        // savepoint, so the failure is answered with the stored promise and the request's later writes still commit.
        var run = await store.RunOnceAsync(
            ws,
            "cmd:7",
            Samples.Now,
            async stop =>
            {
                var again = await Commitments.CreateAsync(Samples.Draft(ws, clientRequestId: "client-7"), Samples.Created(ws), stop);
                var next = await Create(ws, "client-8")(stop);
                return (again, next);
            },
            Ct);

        var ((found, created), next) = Assert.IsType<RequestRan<((Commitment, bool), Commitment)>>(run).Result;
        Assert.Equal((earlier.Id, false), (found.Id, created));
        Assert.Equal(2, next.Number);
        Assert.Equal(2, await CountAsync(ws));
    }

    [Fact]
    public async Task AfterCommitAsync_WaitsForTheRequestsCommit_AndIsDroppedWithARollback()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();
        var seenAfterCommit = new List<long>();
        Func<Task> count = async () => seenAfterCommit.Add(await CountAsync(ws));

        await store.RunOnceAsync(ws, "cmd:5", Samples.Now, async stop =>
        {
            await Create(ws, "cmd:5")(stop);
            await database.Connections.AfterCommitAsync(count);
            Assert.Empty(seenAfterCommit);
            return true;
        }, Ct);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.RunOnceAsync<bool>(ws, "cmd:6", Samples.Now, async stop =>
        {
            await database.Connections.AfterCommitAsync(count);
            throw new InvalidOperationException("rolled back");
        }, Ct));

        // Run once, after the commit (its promise already visible); never for the request that rolled back.
        Assert.Equal([1L], seenAfterCommit);
    }

    [Fact]
    public async Task RunOnceAsync_ARequestStillReadingOrThinking_DoesNotHoldUpAnothersWrites()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = Task.Run(
            () => store.RunOnceAsync<Commitment>(
                ws,
                "cmd:slow",
                Samples.Now,
                async stop =>
                {
                    await CountAsync(ws); // reads, then thinks for a while before its first write
                    reading.SetResult();
                    await finish.Task.WaitAsync(stop);
                    return await Create(ws, "cmd:slow")(stop);
                },
                Ct),
            Ct);
        try
        {
            await reading.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);

            // Another command, meanwhile, stores its key and its promise without waiting for the slow one.
            var quick = store.RunOnceAsync(ws, "cmd:quick", Samples.Now, Create(ws, "cmd:quick"), Ct);
            var done = await Task.WhenAny(quick, Task.Delay(TimeSpan.FromSeconds(10), Ct));
            Assert.True(done == quick, "the quick command waited for the slow one's whole run");
            Assert.IsType<RequestRan<Commitment>>(await quick);
        }
        finally
        {
            finish.TrySetResult();
        }

        // The slow one then writes, and its key is kept with its promise: a retry is a repeat.
        Assert.IsType<RequestRan<Commitment>>(await slow.WaitAsync(TimeSpan.FromSeconds(30), Ct));
        Assert.Equal(2, await CountAsync(ws));
        Assert.IsType<RequestRepeated<Commitment>>(await store.RunOnceAsync(ws, "cmd:slow", Samples.Now, Create(ws, "cmd:slow"), Ct));
        Assert.Equal(2, await CountAsync(ws));
    }

    [Fact]
    public async Task RunOnceAsync_WorkThatWritesNothing_StillKeepsItsKey()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();

        var first = await store.RunOnceAsync(ws, "cmd:list", Samples.Now, async stop => await CountAsync(ws), Ct);
        var calls = 0;
        var retry = await store.RunOnceAsync(ws, "cmd:list", Samples.Now, async stop => { calls++; return await CountAsync(ws); }, Ct);

        Assert.IsType<RequestRan<long>>(first);
        Assert.IsType<RequestRepeated<long>>(retry);
        Assert.Equal(0, calls);
    }
}
