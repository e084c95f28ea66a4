using CommitmentBot.Core.Escalation;
using CommitmentBot.Storage.Stores;
using CommitmentBot.Storage.Tests.Databases;

namespace CommitmentBot.Storage.Tests.Contracts;

/// <summary>What capture stores, run against every engine: the link back on a promise, and "Not a promise" mutes.</summary>
public abstract class CaptureStorageTests(DatabaseFixture database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private NoticeMuteStore Mutes => new(database.Connections);

    [Fact]
    public async Task CreateAsync_KeepsTheSourceLink_AndAnUpdateLeavesItAlone()
    {
        var store = new CommitmentStore(database.Connections);
        var ws = Samples.NewWorkspace();
        var link = "https://acme.slack.com/archives/C1/p1733000000000100?thread_ts=1733000000.000100&cid=C1";

        var (made, _) = await store.CreateAsync(Samples.Draft(ws) with { SourceLink = link }, Samples.Created(ws), Ct);
        var found = await store.FindByNumberAsync(ws, made.Number, Ct);
        var updated = await store.UpdateAsync(found! with { Text = "Send the re-revised quote", Policy = EscalationPolicy.Default with { NoticePromises = true } }, [], [], Ct);
        var plain = await store.CreateAsync(Samples.Draft(ws, text: "typed"), Samples.Created(ws), Ct);

        Assert.Equal(link, found!.SourceLink);
        Assert.Equal(link, (await store.FindByNumberAsync(ws, made.Number, Ct))!.SourceLink);
        Assert.NotNull(updated);
        Assert.True((await store.FindByNumberAsync(ws, made.Number, Ct))!.Policy.NoticePromises);
        Assert.Null(plain.Commitment.SourceLink);
    }

    [Fact]
    public async Task CreateAsync_RefusesALinkLongerThanTheColumn()
    {
        var store = new CommitmentStore(database.Connections);
        var ws = Samples.NewWorkspace();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.CreateAsync(Samples.Draft(ws) with { SourceLink = "https://x.test/" + new string('a', 1000) }, Samples.Created(ws), Ct));
    }

    [Fact]
    public async Task MuteAsync_MutesOneAuthorInOneChannel_UntilItRunsOut()
    {
        var ws = Samples.NewWorkspace();
        var until = Samples.Now.AddDays(30);

        await Mutes.MuteAsync(ws, "C1", "U1", until, Ct);

        Assert.True(await Mutes.IsMutedAsync(ws, "C1", "U1", Samples.Now, Ct));
        Assert.False(await Mutes.IsMutedAsync(ws, "C1", "U1", until, Ct));
        Assert.False(await Mutes.IsMutedAsync(ws, "C2", "U1", Samples.Now, Ct));
        Assert.False(await Mutes.IsMutedAsync(ws, "C1", "U2", Samples.Now, Ct));
        Assert.False(await Mutes.IsMutedAsync(Samples.NewWorkspace(), "C1", "U1", Samples.Now, Ct));
    }

    [Fact]
    public async Task DeleteExpiredAsync_RemovesOnlyTheWorkspacesMutesThatRanOut()
    {
        var ws = Samples.NewWorkspace();
        var other = Samples.NewWorkspace();
        await Mutes.MuteAsync(ws, "C1", "U1", Samples.Now.AddDays(-1), Ct);
        await Mutes.MuteAsync(ws, "C2", "U1", Samples.Now, Ct);
        await Mutes.MuteAsync(ws, "C3", "U1", Samples.Now.AddDays(1), Ct);
        await Mutes.MuteAsync(other, "C1", "U1", Samples.Now.AddDays(-1), Ct);

        var deleted = await Mutes.DeleteExpiredAsync(ws, Samples.Now, Ct);
        var again = await Mutes.DeleteExpiredAsync(ws, Samples.Now, Ct);

        Assert.Equal(2, deleted);
        Assert.Equal(0, again);
        Assert.True(await Mutes.IsMutedAsync(ws, "C3", "U1", Samples.Now, Ct));
        Assert.Equal(1, await Mutes.DeleteExpiredAsync(other, Samples.Now, Ct));
    }

    [Fact]
    public async Task MuteAsync_Again_ReplacesTheEnd()
    {
        var ws = Samples.NewWorkspace();

        await Mutes.MuteAsync(ws, "C1", "U1", Samples.Now.AddDays(1), Ct);
        await Mutes.MuteAsync(ws, "C1", "U1", Samples.Now.AddDays(30), Ct);

        Assert.True(await Mutes.IsMutedAsync(ws, "C1", "U1", Samples.Now.AddDays(29), Ct));
    }
}
