using CommitmentBot.Storage.Stores;
using CommitmentBot.Storage.Tests.Databases;

namespace CommitmentBot.Storage.Tests.Contracts;

/// <summary>The <c>IRequestDeduplicator</c> contract, run against every engine.</summary>
public abstract class RequestDeduplicatorTests(DatabaseFixture database)
{
    private RequestDeduplicator Store => new(database.Connections);

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
}
