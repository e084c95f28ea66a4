using System.Net;
using System.Text.RegularExpressions;
using CommitmentBot.Sandbox;

namespace CommitmentBot.Tests.Sandbox;

/// <summary>
/// The record through the sandbox API: <c>record</c> shows the figures, the charts as images with their numbers in
/// the alt text, and a signed link; the link opens the page; a forged, altered or expired link is a plain 404 with no
/// data; the page shows only what its viewer may see.
/// </summary>
public sealed partial class SandboxRecordTests : IDisposable
{
    private readonly SandboxClient sandbox = new();

    public void Dispose() => sandbox.Dispose();

    private async Task TeamAsync()
    {
        await sandbox.PutUserAsync("maria", "Maria", "Europe/Berlin");
        await sandbox.PutUserAsync("ana", "Ana", "Europe/Berlin", manager: "maria");
        await sandbox.PutUserAsync("ben", "Ben", "Europe/Berlin", manager: "maria");
        await sandbox.SayAsync("ana", "send the quote for Acme by tomorrow 10am");
        await sandbox.SayAsync("ana", "book the demo for Globex by tomorrow 11am");
        await sandbox.SayAsync("ben", "ship the loaner for Initech by tomorrow 9am");
        await sandbox.SayAsync("ana", "done P-1");
        await sandbox.AdvanceAsync("P2D");
        await sandbox.SayAsync("ana", "done P-2");
        await sandbox.SayAsync("ben", "missed P-3 courier");
    }

    private static string LinkIn(SandboxMessage message) => PageLink().Match(message.Text).Value;

    [Fact]
    public async Task Record_ShowsTheCharts_AndTheLinkOpensThePage()
    {
        await TeamAsync();

        var team = await sandbox.SayAsync("maria", "record team");
        var link = LinkIn(team);
        var page = await sandbox.Http.GetAsync(link);
        var html = await page.Content.ReadAsStringAsync();

        Assert.StartsWith("Your team's record, last 30 days", team.Text, StringComparison.Ordinal);
        Assert.Equal(2, team.Images!.Count);
        Assert.Contains("Kept its word", team.Images[0].Alt, StringComparison.Ordinal);
        Assert.Contains("Ana: On time 1, Renegotiated before due 0, Kept late 1, Missed 0", team.Images[1].Alt, StringComparison.Ordinal);
        Assert.Contains("Ben: On time 0, Renegotiated before due 0, Kept late 0, Missed 1", team.Images[1].Alt, StringComparison.Ordinal);
        Assert.NotEmpty(link);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("no-store", page.Headers.CacheControl?.ToString());
        Assert.Contains("<h1>Your team&#39;s record</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<td>Ana</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>Ben</td>", html, StringComparison.Ordinal);
        Assert.Contains("P-3 for Initech, ship the loaner (Ben): missed", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);

        var chart = await sandbox.Http.GetAsync(new Uri(team.Images[0].Url, UriKind.RelativeOrAbsolute));
        Assert.Equal(HttpStatusCode.OK, chart.StatusCode);
        Assert.Equal("image/png", chart.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await chart.Content.ReadAsByteArrayAsync())[..4]);
    }

    [Fact]
    public async Task ForgedAlteredOrExpiredLinks_AreAPlain404_WithNoData()
    {
        await TeamAsync();
        var link = LinkIn(await sandbox.SayAsync("maria", "record team"));
        var token = link["/record/".Length..];
        var altered = "/record/" + token[..20] + (token[20] == 'A' ? 'B' : 'A') + token[21..];

        foreach (var bad in new[] { altered, "/record/" + token[..^4], "/record/CfDJ8guessed", "/record/x", "/record/chart/" + token + ".png" })
        {
            var response = await sandbox.Http.GetAsync(bad);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("Ana", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Initech", html, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await sandbox.Http.GetAsync(link)).StatusCode);
        await sandbox.AdvanceAsync("P14DT1M");
        var expired = await sandbox.Http.GetAsync(link);
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
        Assert.DoesNotContain("Ana", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePage_ShowsOnlyWhatItsViewerMaySee_CheckedAgainOnEveryView()
    {
        await TeamAsync();
        var anas = LinkIn(await sandbox.SayAsync("ana", "record"));
        var marias = LinkIn(await sandbox.SayAsync("maria", "record team"));

        var anaPage = await (await sandbox.Http.GetAsync(anas)).Content.ReadAsStringAsync();
        Assert.Contains("Your record", anaPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Ben", anaPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Initech", anaPage, StringComparison.Ordinal);

        // Maria is no longer anyone's manager: her team link shows nothing any more.
        await sandbox.PutUserAsync("ana", "Ana", "Europe/Berlin", manager: "ben");
        await sandbox.PutUserAsync("ben", "Ben", "Europe/Berlin", manager: "ana");
        var after = await sandbox.Http.GetAsync(marias);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [GeneratedRegex(@"/record/[A-Za-z0-9_-]+")]
    private static partial Regex PageLink();
}

/// <summary>The weekly digest on the sandbox's simulated clock.</summary>
public sealed class SandboxDigestTests : IDisposable
{
    private readonly SandboxClient sandbox = new();

    public void Dispose() => sandbox.Dispose();

    [Fact]
    public async Task Maria_GetsTheDigest_WhenTheClockPassesMondayNineInHerZone_Once()
    {
        await sandbox.PutUserAsync("maria", "Maria", "Europe/Berlin");
        await sandbox.PutUserAsync("ana", "Ana", "Europe/Berlin", manager: "maria");
        await sandbox.SayAsync("ana", "send the quote for Acme by tomorrow 10am");
        await sandbox.SayAsync("ana", "done P-1");

        await sandbox.AdvanceAsync("P6D"); // Sunday afternoon: not yet
        Assert.DoesNotContain(await sandbox.InboxAsync("maria"), m => m.Text.StartsWith("Weekly digest", StringComparison.Ordinal));
        await sandbox.MoveToAsync(new DateTimeOffset(2027, 2, 8, 8, 0, 0, TimeSpan.Zero)); // Monday 09:00 in Berlin
        await sandbox.AdvanceAsync("PT3H");

        var digests = (await sandbox.InboxAsync("maria")).Where(m => m.Text.StartsWith("Weekly digest", StringComparison.Ordinal)).ToList();
        var digest = Assert.Single(digests);
        Assert.Equal(new DateTimeOffset(2027, 2, 8, 8, 0, 0, TimeSpan.Zero), digest.At);
        Assert.Contains("• Ana: kept its word 100% (1 of 1)", digest.Text, StringComparison.Ordinal);
        Assert.Equal(2, digest.Images!.Count);
        Assert.Contains("/record/", digest.Text, StringComparison.Ordinal);
        Assert.Single(await sandbox.InboxAsync("ana"), m => m.Text.StartsWith("Your week", StringComparison.Ordinal));

        // Both are digests by kind (sent through the outbox like every other message), not replies.
        Assert.Equal("Digest", digest.Kind);
        Assert.All((await sandbox.InboxAsync("ana")).Where(SandboxClient.IsDigest), m => Assert.StartsWith("Your week", m.Text, StringComparison.Ordinal));
        Assert.Single(await sandbox.InboxAsync("ana"), SandboxClient.IsDigest);
    }

    [Fact]
    public async Task TheAdminMovesTheDigestToTuesday1430_AndMariaGetsItThen()
    {
        await sandbox.PutUserAsync("maria", "Maria", "Europe/Berlin", admin: true);
        await sandbox.PutUserAsync("ana", "Ana", "Europe/Berlin", manager: "maria");
        Assert.Equal("Reply", (await sandbox.SayAsync("maria", "admin policy digest-day tue")).Kind);
        var policy = await sandbox.SayAsync("maria", "admin policy digest-time 14:30");
        Assert.Contains("digest: Tuesday 14:30 in each manager's zone", policy.Text, StringComparison.Ordinal);
        await sandbox.SayAsync("ana", "send the quote for Acme by tomorrow 10am");
        await sandbox.SayAsync("ana", "done P-1");

        await sandbox.MoveToAsync(new DateTimeOffset(2027, 2, 8, 8, 0, 0, TimeSpan.Zero)); // Monday 09:00 in Berlin: not any more
        await sandbox.AdvanceAsync("PT3H");
        Assert.DoesNotContain(await sandbox.InboxAsync("maria"), SandboxClient.IsDigest);
        await sandbox.MoveToAsync(new DateTimeOffset(2027, 2, 9, 13, 29, 0, TimeSpan.Zero));
        Assert.DoesNotContain(await sandbox.InboxAsync("maria"), SandboxClient.IsDigest);
        await sandbox.MoveToAsync(new DateTimeOffset(2027, 2, 9, 13, 30, 0, TimeSpan.Zero));
        await sandbox.AdvanceAsync("PT1H");

        var digest = Assert.Single(await sandbox.InboxAsync("maria"), SandboxClient.IsDigest);
        Assert.Equal(new DateTimeOffset(2027, 2, 9, 13, 30, 0, TimeSpan.Zero), digest.At); // Tuesday 14:30 in Berlin
        Assert.StartsWith("Weekly digest. Your team's week", digest.Text, StringComparison.Ordinal);
        Assert.Single(await sandbox.InboxAsync("ana"), SandboxClient.IsDigest);
    }
}
