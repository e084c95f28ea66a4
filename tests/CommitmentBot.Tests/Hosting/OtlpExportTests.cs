using System.Collections.Concurrent;
using System.Text;
using CommitmentBot.Clock;
using CommitmentBot.Tests.Slack.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Tests.Hosting;

/// <summary>
/// With the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, traces and metrics (ours among them) go out over OTLP
/// (http/protobuf here, to a local collector stand-in); without it nothing is exported and /metrics still answers.
/// </summary>
public sealed class OtlpExportTests
{
    /// <summary>An OTLP/HTTP receiver: keeps each POST's body by path (/v1/traces, /v1/metrics).</summary>
    private sealed class Collector : IAsyncDisposable
    {
        private readonly WebApplication app;

        private Collector(WebApplication app) => this.app = app;

        public ConcurrentQueue<(string Path, byte[] Body)> Received { get; } = new();

        public string Url => app.Urls.First();

        public static async Task<Collector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
            var app = builder.Build();
            var collector = new Collector(app);
            app.MapPost("/v1/{signal}", async (HttpContext http) =>
            {
                using var body = new MemoryStream();
                await http.Request.Body.CopyToAsync(body);
                collector.Received.Enqueue((http.Request.Path.Value!, body.ToArray()));
                return Results.Ok();
            });
            await app.StartAsync();
            return collector;
        }

        /// <summary>True once a body posted to <paramref name="path"/> holds <paramref name="text"/> (protobuf keeps names as UTF-8).</summary>
        public bool Saw(string path, string text) =>
            Received.Any(r => r.Path == path && Encoding.UTF8.GetString(r.Body).Contains(text, StringComparison.Ordinal));

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task TracesAndMetrics_GoToTheOtlpEndpoint_WhenItIsSet()
    {
        await using var collector = await Collector.StartAsync();
        await using var host = await SlackHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });

        using (await host.Client.GetAsync("/healthz/live"))
        {
        }

        await host.Service<ClockJobs>().SweepAsync(CancellationToken.None);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        // Wait for everything asserted below: spans and meters arrive in separate exports, in no fixed order.
        while (DateTime.UtcNow < deadline
            && !(collector.Saw("/v1/traces", "/healthz/live") && collector.Saw("/v1/traces", "commitmentbot.sweep")
                && collector.Saw("/v1/metrics", "commitmentbot.sweeps") && collector.Saw("/v1/metrics", "http.server.request.duration")))
        {
            await Task.Delay(100);
        }

        Assert.True(collector.Saw("/v1/traces", "/healthz/live"), "no trace of the request reached the collector");
        Assert.True(collector.Saw("/v1/traces", "commitmentbot.sweep"), "no span of the sweep reached the collector");
        Assert.True(collector.Saw("/v1/metrics", "commitmentbot.sweeps"), "the clock's meters did not reach the collector");
        Assert.True(collector.Saw("/v1/metrics", "http.server.request.duration"), "ASP.NET Core's meters did not reach the collector");
    }

    [Fact]
    public async Task Prometheus_StillServesTheClocksMeters_WithoutOtlp()
    {
        await using var host = await SlackHost.StartAsync();
        await host.Service<ClockJobs>().SweepAsync(CancellationToken.None);

        var metrics = await host.Client.GetStringAsync("/metrics");

        Assert.Contains("commitmentbot_sweeps", metrics, StringComparison.Ordinal);
    }
}
