using System.Text.Json;
using CommitmentBot.Core.Messages;
using CommitmentBot.Teams.Cards;
using CommitmentBot.Teams.Tests.Fakes;
using Microsoft.Playwright;

namespace CommitmentBot.Teams.Tests.Cards;

/// <summary>
/// Parses and renders every kind of card with Microsoft's own Adaptive Cards renderer (npm
/// <c>adaptivecards</c>) in headless Chromium: the parse and the property validation must report
/// nothing at all, the card must render, and a screenshot of each is kept under
/// <c>artifacts/cards/</c> in the test output.
/// </summary>
public sealed class AdaptiveCardBrowserTests(CardRendererPage rendererPage) : IClassFixture<CardRendererPage>
{
    // Parses with a SerializationContext (parse events), validates properties (validation events), renders.
    private const string CheckCardScript = """
        async ([cardJson, name]) => {
          const AC = window.AdaptiveCards;
          const card = new AC.AdaptiveCard();
          const context = new AC.SerializationContext();
          card.parse(JSON.parse(cardJson), context);
          const describe = e => `${AC.ValidationPhase[e.phase]}/${AC.ValidationEvent[e.event]}: ${e.message}`;
          const events = [];
          for (let i = 0; i < context.eventCount; i++) events.push(describe(context.getEventAt(i)));
          const validation = card.validateProperties();
          for (const e of validation.validationEvents) events.push(describe(e));
          const host = document.getElementById('host');
          host.innerHTML = '';
          const rendered = card.render();
          if (rendered) host.appendChild(rendered);
          // Open every "show card" so the inputs appear in the screenshot too.
          for (const button of host.querySelectorAll('button[aria-expanded="false"]')) button.click();
          return { events, rendered: !!rendered, buttons: host.querySelectorAll('button').length, height: host.offsetHeight };
        }
        """;

    public static TheoryData<CardActionStyle> Styles() => [CardActionStyle.Execute, CardActionStyle.Submit];

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task Render_PassesOfficialRenderer_ForEveryKind(CardActionStyle style)
    {
        var chromium = CardRendererEnvironment.ChromiumPath();
        CardRendererEnvironment.Require(chromium is not null, "chromium", "run `apt-get install -y chromium`.");
        var script = CardRendererEnvironment.RendererScriptPath();
        CardRendererEnvironment.Require(script is not null, "the adaptivecards npm package", "run `scripts/npm-install.sh`.");

        var page = await rendererPage.OpenAsync(chromium!, script!);

        var renderer = new AdaptiveCardRenderer(style);
        var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts", "cards");
        Directory.CreateDirectory(artifacts);
        var problems = new List<string>();
        foreach (var kind in Enum.GetValues<MessageKind>())
        {
            var message = SampleMessages.For(kind);
            var card = renderer.Render(message);
            var size = AdaptiveCardRenderer.SizeInUtf16Bytes(card);
            Assert.True(size < 80 * 1024, $"{kind} card is {size} bytes");

            var result = await page.EvaluateAsync<JsonElement>(CheckCardScript, new object[] { card.ToJsonString(), kind.ToString() });
            var events = result.GetProperty("events").EnumerateArray().Select(e => e.GetString()!).ToList();
            problems.AddRange(events.Select(e => $"{kind}: {e}"));
            Assert.True(result.GetProperty("rendered").GetBoolean(), $"{kind} did not render");
            Assert.True(result.GetProperty("height").GetInt32() > 20, $"{kind} rendered empty");

            // Every button of the message is on the card (plus the Need more time / Edit openers).
            Assert.True(result.GetProperty("buttons").GetInt32() >= message.AllButtons.Count(), $"{kind} lost buttons");

            var file = Path.Combine(artifacts, $"{kind}-{style}.png".ToLowerInvariant());
            await page.Locator("#host").ScreenshotAsync(new LocatorScreenshotOptions { Path = file });
            Assert.True(new FileInfo(file).Length > 1000, $"{kind} screenshot is empty");
        }

        Assert.True(problems.Count == 0, "The renderer reported:\n" + string.Join('\n', problems));
    }
}

/// <summary>One browser and page with the renderer loaded, shared by the tests of the class (starting them is the slow part).</summary>
public sealed class CardRendererPage : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IPage? _page;

    public async Task<IPage> OpenAsync(string chromium, string script)
    {
        if (_page is not null)
        {
            return _page;
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 640, Height = 900 } });
        await page.SetContentAsync("""
            <!doctype html><html><head><meta charset="utf-8"></head>
            <body style="margin:0;padding:16px;background:#f5f5f5;font-family:'Segoe UI',Arial,sans-serif">
            <div id="host" style="width:560px;background:#fff;border-radius:6px;padding:4px"></div></body></html>
            """);
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = script });
        var css = Path.Combine(Path.GetDirectoryName(script)!, "adaptivecards.css");
        if (File.Exists(css))
        {
            await page.AddStyleTagAsync(new PageAddStyleTagOptions { Path = css });
        }

        _page = page;
        return page;
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
