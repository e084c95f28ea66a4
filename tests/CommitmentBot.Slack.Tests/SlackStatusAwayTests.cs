using CommitmentBot.Core.Ports;
using CommitmentBot.Slack.Tests.Support;

namespace CommitmentBot.Slack.Tests;

/// <summary>The Slack status read as away (admin policy status-away on): users.profile.get, its rules, its cache.</summary>
public sealed class SlackStatusAwayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IStatusAwaySource Source(SlackServices services) =>
        services.Get<IEnumerable<IStatusAwaySource>>().Single(s => s.Platform == "slack");

    [Fact]
    public async Task APalmTreeWithExpiry_IsAwayUntilItExpires_ReadWithTheBotToken()
    {
        using var services = new SlackServices();
        var now = services.Time.GetUtcNow();
        var expiry = now.AddDays(4);
        services.Api.Statuses["U1"] = (":palm_tree:", "Lisbon", expiry.ToUnixTimeSeconds());

        var away = await Source(services).ReadAsync("T1", "U1", now, Ct);

        Assert.NotNull(away);
        Assert.Equal(expiry.ToUnixTimeSeconds(), away.Until.ToUnixTimeSeconds());
        Assert.Null(away.CoverId);
        var call = Assert.Single(services.Api.CallsTo("users.profile.get"));
        Assert.Equal("U1", call.Form["user"]);
        Assert.Equal("Bearer " + SlackTestApp.BotToken, call.Authorization);
    }

    [Fact]
    public async Task OutOfOfficeText_WithoutExpiry_IsAway_AndAnOrdinaryStatusIsNot()
    {
        using var services = new SlackServices();
        var now = services.Time.GetUtcNow();
        services.Api.Statuses["U1"] = ("", "Out of office until the 14th", 0);
        services.Api.Statuses["U2"] = (":spiral_calendar_pad:", "In a meeting", 0);

        Assert.NotNull(await Source(services).ReadAsync("T1", "U1", now, Ct));
        Assert.Null(await Source(services).ReadAsync("T1", "U2", now, Ct));
        Assert.Null(await Source(services).ReadAsync("T1", "U3", now, Ct)); // no status at all
    }

    [Fact]
    public async Task TheStatus_IsCachedForAFewMinutes()
    {
        using var services = new SlackServices();
        services.Api.Statuses["U1"] = ("", "OOO", 0);
        var source = Source(services);

        await source.ReadAsync("T1", "U1", services.Time.GetUtcNow(), Ct);
        services.Api.Statuses["U1"] = ("", "Back", 0);
        Assert.NotNull(await source.ReadAsync("T1", "U1", services.Time.GetUtcNow(), Ct)); // still the cached one
        Assert.Single(services.Api.CallsTo("users.profile.get"));

        services.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.Null(await source.ReadAsync("T1", "U1", services.Time.GetUtcNow(), Ct));
        Assert.Equal(2, services.Api.CallsTo("users.profile.get").Count);
    }

    [Fact]
    public async Task AFailedRead_CountsAsPresent()
    {
        using var services = new SlackServices();
        services.Api.Enqueue("users.profile.get", TestSupport.Slack.FakeSlack.Error("missing_scope"));
        Assert.Null(await Source(services).ReadAsync("T1", "U1", services.Time.GetUtcNow(), Ct));
    }

    [Fact]
    public void TheScope_IsInTheOAuthListAndTheManifest()
    {
        Assert.Contains("users.profile:read", SlackOptions.DefaultBotScopes.Split(','));
        var manifest = File.ReadAllText(Path.Combine(FindRepoRoot(), "manifests", "slack", "manifest.yaml"));
        Assert.Contains("- users.profile:read", manifest, StringComparison.Ordinal);
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CommitmentBot.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repo root not found");
    }
}
