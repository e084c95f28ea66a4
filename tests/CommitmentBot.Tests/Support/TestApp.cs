using CommitmentBot.Core.Escalation;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CommitmentBot.Tests.Support;

/// <summary>
/// The whole app in process (WebApplicationFactory) on its own SQLite file (or a PostgreSQL database),
/// with the Hangfire server off so a test drives the clock itself. Without Slack/Teams settings it runs
/// the sandbox (whose simulated clock is driven through its API); with them, <see cref="Clock"/> is a
/// <see cref="FakeTimeProvider"/> and <see cref="AdvanceAsync"/> runs the clock's one loop (<see cref="ClockTick"/>)
/// inline, at each scheduled instant in order.
/// </summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;
    private readonly Action<IServiceCollection>? overrides;
    private readonly string environment;
    private readonly string dataPath = Path.Combine(Path.GetTempPath(), "commitmentbot-tests", Guid.NewGuid().ToString("N"));

    /// <param name="settings">Configuration, as the app would read it.</param>
    /// <param name="start">Where the fake clock starts.</param>
    /// <param name="overrides">Services a test puts in place of the app's (registered after the app's own).</param>
    /// <param name="environment">The hosting environment (Development changes what the Hangfire dashboard allows).</param>
    public TestApp(IDictionary<string, string?>? settings = null, DateTimeOffset? start = null, Action<IServiceCollection>? overrides = null, string environment = "Testing")
    {
        this.overrides = overrides;
        this.environment = environment;
        this.settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>(), StringComparer.OrdinalIgnoreCase)
        {
            ["App:DataPath"] = dataPath,
            ["Clock:RunServer"] = "false",
        };
        Clock = new FakeTimeProvider(start ?? new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero));
    }

    /// <summary>The app's clock outside the sandbox.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>True when no chat platform is configured (the sandbox runs).</summary>
    public bool IsSandbox => !settings.Keys.Any(k => k.StartsWith("Slack:", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Teams:", StringComparison.OrdinalIgnoreCase));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment(environment);

        // As in Development: a singleton that captures a scoped service fails the build of the host (issue 9.4).
        builder.UseDefaultServiceProvider(options =>
        {
            options.ValidateScopes = true;
            options.ValidateOnBuild = true;
        });
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (!IsSandbox)
        {
            builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
        }

        if (overrides is not null)
        {
            builder.ConfigureTestServices(overrides);
        }
    }

    /// <summary>Moves the fake clock to <paramref name="until"/>, running every ladder step and delivery due on the way (the production clock loop).</summary>
    public Task AdvanceAsync(DateTimeOffset until) =>
        Services.GetRequiredService<ClockTick>().RunUntilAsync(
            until < Clock.GetUtcNow() ? Clock.GetUtcNow() : until,
            Clock,
            Clock.SetUtcNow,
            Services.GetRequiredService<NotificationDelivery>(),
            CancellationToken.None);

    /// <summary>
    /// Stops the app. Polly's pipelines, when disposed, wait on the app's clock for executions still in flight (a send
    /// a test left hanging on purpose, a retry waiting out its back-off); on a fake clock that stands still that wait
    /// would never end, so the clock is kept moving until the app has stopped.
    /// </summary>
    public override async ValueTask DisposeAsync()
    {
        using var stopped = new CancellationTokenSource();
        var pump = IsSandbox ? Task.CompletedTask : Task.Run(() => KeepTheClockMovingAsync(stopped.Token), CancellationToken.None);
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            await stopped.CancelAsync();
            await pump;
        }
    }

    private async Task KeepTheClockMovingAsync(CancellationToken stopped)
    {
        while (!stopped.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), stopped);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Clock.Advance(TimeSpan.FromSeconds(5));
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(dataPath, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold the file briefly; the temp folder is cleaned by the OS.
            }
        }
    }
}
