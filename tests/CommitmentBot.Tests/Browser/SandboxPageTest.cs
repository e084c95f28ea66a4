using Microsoft.Playwright;

namespace CommitmentBot.Tests.Browser;

/// <summary>
/// A test class of the sandbox page. Each test opens its own page with <see cref="OpenAsync"/>: a freshly started site
/// from the fixture, a browser context of its own (1280×800, Europe/Berlin, so the page must show times in the chosen
/// person's zone, not the browser's), Ana chosen. The context and the site are closed when the test ends, pass or fail.
/// </summary>
/// <param name="fixture">The class's browser (skips the test when there is none).</param>
/// <param name="timeoutMs">Playwright's default timeout for every wait on the page.</param>
/// <param name="consoleTypes">Console message types that count as script errors (a failed request is an "error").</param>
public abstract class SandboxPageTest(BrowserFixture fixture, float timeoutMs, params string[] consoleTypes) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private SandboxSite? site;
    private IBrowserContext? context;

    /// <summary>The page's uncaught errors, and console messages of the kinds the class asked for.</summary>
    protected List<string> ScriptErrors { get; } = [];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (context is not null)
        {
            await context.DisposeAsync();
        }

        site?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Types <paramref name="text"/> in the page's composer and presses Enter.</summary>
    protected static async Task SayAsync(IPage page, string text)
    {
        await page.Locator("#say-text").FillAsync(text);
        await page.Locator("#say-text").PressAsync("Enter");
    }

    /// <summary>Saves the page as <c>artifacts/sandbox/<paramref name="name"/>.png</c>.</summary>
    protected static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsPath, name + ".png") });

    protected static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    /// <summary>Opens the sandbox page for this test and waits until Ana is chosen.</summary>
    protected async Task<IPage> OpenAsync()
    {
        var browser = fixture.Browser;
        site = await fixture.TakeSiteAsync();
        context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            TimezoneId = "Europe/Berlin",
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(timeoutMs);
        page.PageError += (_, error) => ScriptErrors.Add(error);
        page.Console += (_, message) =>
        {
            if (consoleTypes.Contains(message.Type))
            {
                ScriptErrors.Add(message.Text);
            }
        };
        await page.GotoAsync(site.BaseUrl);
        await Expect(page.Locator("#users button[data-user='ana']")).ToBeVisibleAsync();
        await Expect(page.Locator("#current-user")).ToHaveTextAsync("Ana");
        return page;
    }
}
