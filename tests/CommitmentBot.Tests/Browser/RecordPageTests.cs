using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CommitmentBot.Tests.Browser;

/// <summary>The record page in headless Chromium, at a phone's width (390 px) and a desktop's, with JavaScript off; screenshots kept.</summary>
public sealed partial class RecordPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task RecordPage_IsReadableOnAPhone_WithoutJavaScript()
    {
        var browser = fixture.Browser;
        using var site = await fixture.TakeSiteAsync();
        using var http = new HttpClient { BaseAddress = new Uri(site.BaseUrl) };
        async Task<JsonElement> Say(string user, string text) =>
            (await (await http.PostAsJsonAsync("sandbox/api/say", new { user, text })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reply");
        await http.PutAsJsonAsync("sandbox/api/users/maria", new { name = "Maria", zone = "Europe/Berlin" });
        await http.PutAsJsonAsync("sandbox/api/users/ana", new { name = "Ana", zone = "Europe/Berlin", manager = "maria" });
        await http.PutAsJsonAsync("sandbox/api/users/ben", new { name = "Ben", zone = "Europe/Berlin", manager = "maria" });
        await Say("ana", "send the quote for Acme by tomorrow 10am");
        await Say("ana", "book the demo for Globex by tomorrow 11am");
        await Say("ben", "ship the loaner for Initech by tomorrow 9am");
        await Say("ben", "call back Umbrella by tomorrow 4pm");
        await Say("ana", "done P-1");
        await http.PostAsJsonAsync("sandbox/api/clock", new { advance = "P2D" });
        await Say("ana", "done P-2");
        await Say("ben", "missed P-3 courier");
        var reply = await Say("maria", "record team");
        var link = PageLink().Match(reply.GetProperty("text").GetString()!).Value;

        foreach (var (name, width) in new[] { ("record-page-phone", 390), ("record-page-desktop", 1000) })
        {
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, ViewportSize = new ViewportSize { Width = width, Height = 844 } });
            var page = await context.NewPageAsync();
            await page.GotoAsync(site.BaseUrl.TrimEnd('/') + link);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

            Assert.Equal("Your team's record", await page.InnerTextAsync("h1"));
            var images = await page.EvalOnSelectorAllAsync<int[]>("img", "els => els.map(e => e.naturalWidth)");
            Assert.Equal(2, images.Length);
            Assert.All(images, w => Assert.Equal(600, w));
            var pageWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.True(pageWidth <= width, $"the page is {pageWidth}px wide in a {width}px window");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsPath, name + ".png"), FullPage = true });
        }

        await using var other = await browser.NewContextAsync();
        var notFound = await other.NewPageAsync();
        var response = await notFound.GotoAsync(site.BaseUrl.TrimEnd('/') + link[..^3] + "xyz");
        Assert.Equal(404, response!.Status);
        Assert.Equal("Not found", await notFound.InnerTextAsync("h1"));
        await notFound.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsPath, "record-page-404.png") });
    }

    [GeneratedRegex(@"/record/[A-Za-z0-9_-]+")]
    private static partial Regex PageLink();
}
