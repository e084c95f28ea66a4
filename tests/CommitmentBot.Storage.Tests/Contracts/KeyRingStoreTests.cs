using CommitmentBot.Storage.Platform;
using CommitmentBot.Storage.Tests.Databases;

namespace CommitmentBot.Storage.Tests.Contracts;

/// <summary>The Data Protection key ring's table, on every engine: keys kept as written, oldest first, each name once.</summary>
public abstract class KeyRingStoreTests(DatabaseFixture database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Key(string id) => $"<key id=\"{id}\" version=\"1\"><creationDate>2026-11-25T14:00:00Z</creationDate></key>";

    [Fact]
    public async Task Keys_ComeBackAsWritten_OldestFirst_AndANameIsStoredOnce()
    {
        var store = new DataProtectionKeyStore(database.Connections);
        var first = Guid.NewGuid().ToString();
        var second = Guid.NewGuid().ToString();

        Assert.True(await store.AddAsync("key-" + second, Key(second), Samples.Now.AddDays(1), Ct));
        Assert.True(await store.AddAsync("key-" + first, Key(first), Samples.Now, Ct));
        Assert.False(await store.AddAsync("key-" + first, Key("replaced"), Samples.Now.AddDays(2), Ct));

        // The table is shared with the other tests of this database: only this test's two keys are compared, in the
        // order the whole ring lists them.
        var keys = await store.ListAsync(Ct);
        Assert.Equal([Key(first), Key(second)], keys.Where(k => k.Contains(first, StringComparison.Ordinal) || k.Contains(second, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AKeyTooLargeForAnIndexColumn_IsStoredWhole()
    {
        var store = new DataProtectionKeyStore(database.Connections);
        var id = Guid.NewGuid().ToString();
        var large = $"<key id=\"{id}\">{new string('x', 20_000)}</key>";

        await store.AddAsync("key-" + id, large, Samples.Now, Ct);

        Assert.Contains(large, await store.ListAsync(Ct));
    }

    [Fact]
    public async Task BadNames_AreRefused_BeforeAnythingIsWritten()
    {
        var store = new DataProtectionKeyStore(database.Connections);

        await Assert.ThrowsAsync<ArgumentException>(() => store.AddAsync(new string('k', DataProtectionKeyStore.MaxFriendlyNameLength + 1), Key("x"), Samples.Now, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.AddAsync(" ", Key("x"), Samples.Now, Ct));
    }
}
