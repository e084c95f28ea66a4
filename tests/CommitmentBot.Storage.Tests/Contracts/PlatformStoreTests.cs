using CommitmentBot.Storage.Platform;
using CommitmentBot.Storage.Tests.Databases;

namespace CommitmentBot.Storage.Tests.Contracts;

/// <summary>Installation, conversation reference and OAuth state stores, run against every engine.</summary>
public abstract class PlatformStoreTests(DatabaseFixture database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Installation SlackInstall(string workspaceId, string token) => new(
        "slack", workspaceId, "E1", "Acme Sales", "UBOT", "A123", token, "commands,chat:write,im:write", Samples.Now, Samples.Now);

    [Fact]
    public async Task InstallationStore_RoundTripsAndReplaces_KeepingTheFirstInstallTime()
    {
        var store = new InstallationStore(database.Connections);
        var ws = Samples.NewWorkspace();
        var first = SlackInstall(ws, "protected:v1");

        await store.UpsertAsync(first, Ct);
        var read = await store.FindAsync("slack", ws, Ct);
        var reinstall = first with { BotTokenProtected = "protected:v2", Scopes = "commands", InstalledAt = Samples.Now.AddDays(5), UpdatedAt = Samples.Now.AddDays(5) };
        await store.UpsertAsync(reinstall, Ct);
        var replaced = await store.FindAsync("slack", ws, Ct);

        Assert.Equal(first with { InstalledAt = Samples.Ms(Samples.Now), UpdatedAt = Samples.Ms(Samples.Now) }, read);
        Assert.Equal("protected:v2", replaced!.BotTokenProtected);
        Assert.Equal("commands", replaced.Scopes);
        Assert.Equal(Samples.Ms(Samples.Now), replaced.InstalledAt);
        Assert.Equal(Samples.Ms(Samples.Now.AddDays(5)), replaced.UpdatedAt);
        Assert.DoesNotContain("protected", replaced.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstallationStore_KeepsPlatformsAndWorkspacesApart_AndDeletesOnce()
    {
        var store = new InstallationStore(database.Connections);
        var ws = Samples.NewWorkspace();
        await store.UpsertAsync(SlackInstall(ws, "slack-token"), Ct);
        await store.UpsertAsync(SlackInstall(ws, "teams-token") with { Platform = "teams" }, Ct);

        Assert.Null(await store.FindAsync("slack", Samples.NewWorkspace(), Ct));
        Assert.Equal("teams-token", (await store.FindAsync("teams", ws, Ct))!.BotTokenProtected);
        Assert.True(await store.DeleteAsync("slack", ws, Ct));
        Assert.False(await store.DeleteAsync("slack", ws, Ct));
        Assert.Null(await store.FindAsync("slack", ws, Ct));
        Assert.NotNull(await store.FindAsync("teams", ws, Ct));
    }

    [Fact]
    public async Task ConversationReferenceStore_RoundTripsReplacesAndDeletes_PerKindAndKey()
    {
        var store = new ConversationReferenceStore(database.Connections);
        var ws = Samples.NewWorkspace();
        var user = new ConversationReference(
            ws, ConversationRefKind.User, "29:user", "https://smba.trafficmanager.net/teams/", "a:1personal",
            "tenant-1", "28:bot", "aad-1", Samples.Now);
        var channel = user with { Kind = ConversationRefKind.Channel, ConversationId = "19:chan@thread.tacv2", AadObjectId = null };

        await store.UpsertAsync(user, Ct);
        await store.UpsertAsync(channel, Ct);
        var moved = user with { ServiceUrl = "https://smba.trafficmanager.net/emea/", UpdatedAt = Samples.Now.AddHours(1) };
        await store.UpsertAsync(moved, Ct);

        Assert.Equal(moved with { UpdatedAt = Samples.Ms(moved.UpdatedAt) }, await store.FindAsync(ws, ConversationRefKind.User, "29:user", Ct));
        Assert.Equal(channel with { UpdatedAt = Samples.Ms(channel.UpdatedAt) }, await store.FindAsync(ws, ConversationRefKind.Channel, "29:user", Ct));
        Assert.Null(await store.FindAsync(ws, ConversationRefKind.Team, "29:user", Ct));
        Assert.Null(await store.FindAsync(Samples.NewWorkspace(), ConversationRefKind.User, "29:user", Ct));
        Assert.True(await store.DeleteAsync(ws, ConversationRefKind.User, "29:user", Ct));
        Assert.False(await store.DeleteAsync(ws, ConversationRefKind.User, "29:user", Ct));
        Assert.NotNull(await store.FindAsync(ws, ConversationRefKind.Channel, "29:user", Ct));
    }

    [Fact]
    public async Task OAuthStateStore_ConsumesAStateOnce_AndNeverAfterItExpires()
    {
        var store = new OAuthStateStore(database.Connections);
        var fresh = "st-" + Guid.NewGuid().ToString("N");
        var expiring = "st-" + Guid.NewGuid().ToString("N");
        await store.CreateAsync(fresh, Samples.Now, Samples.Now.AddMinutes(10), Ct);
        await store.CreateAsync(expiring, Samples.Now, Samples.Now.AddMinutes(10), Ct);

        Assert.True(await store.TryConsumeAsync(fresh, Samples.Now.AddMinutes(1), Ct));
        Assert.False(await store.TryConsumeAsync(fresh, Samples.Now.AddMinutes(1), Ct));
        Assert.False(await store.TryConsumeAsync(expiring, Samples.Now.AddMinutes(10), Ct));
        Assert.False(await store.TryConsumeAsync("never-issued", Samples.Now, Ct));
        Assert.False(await store.TryConsumeAsync(new string('s', 500), Samples.Now, Ct));
    }

    [Fact]
    public async Task OAuthStateStore_DeleteExpiredAsync_RemovesOnlyExpiredStates()
    {
        var store = new OAuthStateStore(database.Connections);
        var old = "st-" + Guid.NewGuid().ToString("N");
        var live = "st-" + Guid.NewGuid().ToString("N");
        var farFuture = Samples.Now.AddYears(50);
        await store.CreateAsync(old, farFuture, farFuture.AddMinutes(5), Ct);
        await store.CreateAsync(live, farFuture, farFuture.AddMinutes(30), Ct);

        var deleted = await store.DeleteExpiredAsync(farFuture.AddMinutes(10), Ct);

        Assert.True(deleted >= 1);
        Assert.False(await store.TryConsumeAsync(old, farFuture, Ct));
        Assert.True(await store.TryConsumeAsync(live, farFuture.AddMinutes(10), Ct));
    }
}
