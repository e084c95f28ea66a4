using Microsoft.Playwright;

namespace CommitmentBot.Tests.Browser;

/// <summary>
/// One headless Debian chromium for a test class, driven by Playwright's bundled driver. Playwright never
/// downloads a browser here: the system's <c>chromium</c> is launched by path. When it is missing the
/// tests skip with the reason, except under <c>CI=true</c>, where a missing browser is a failure.
/// It also starts the first test's app while the browser launches.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private Task<SandboxSite>? nextSite;
    private IPlaywright? playwright;
    private IBrowser? browser;
    private string? unavailable;

    /// <summary>Where screenshots go: <c>artifacts/sandbox/</c> under the test output folder.</summary>
    public static string ArtifactsPath { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts", "sandbox");

    public async ValueTask InitializeAsync()
    {
        var chromium = FindChromium();
        if (chromium is null)
        {
            unavailable = "chromium is not installed (apt-get install -y chromium); the browser tests need it on PATH.";
            return;
        }

        Directory.CreateDirectory(ArtifactsPath);
        nextSite = Task.Run(() => new SandboxSite());
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = Arguments,
        });
    }

    /// <summary>The browser; skips the test (fails it under CI=true) when there is none.</summary>
    public IBrowser Browser
    {
        get
        {
            if (browser is not null)
            {
                return browser;
            }

            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(unavailable);
            }

            Assert.Skip(unavailable!);
            return null!;
        }
    }

    /// <summary>
    /// A freshly started sandbox for one test (the caller disposes it). The first one was started while
    /// the browser launched (the cold start is the slow one); later ones start warm, on demand.
    /// </summary>
    public async Task<SandboxSite> TakeSiteAsync()
    {
        var started = nextSite;
        nextSite = null;
        return started is null ? new SandboxSite() : await started;
    }

    public async ValueTask DisposeAsync()
    {
        if (nextSite is not null)
        {
            (await nextSite).Dispose();
        }

        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
    }

    private static string? FindChromium()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in (string[])["chromium", "chromium-browser"])
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
