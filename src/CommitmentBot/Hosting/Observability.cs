using CommitmentBot.Clock;
using CommitmentBot.Storage;
using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Migrations;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CommitmentBot.Hosting;

/// <summary>
/// Health, metrics and traces. <c>/healthz/live</c>: the process answers (liveness probes restart it when not).
/// <c>/healthz/ready</c>: the database answers, its schema is current, Hangfire's storage answers (readiness probes
/// route traffic to it only then). <c>/healthz</c>: the database answers, as always. <c>/metrics</c>: Prometheus.
/// With the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, traces and metrics also go out over OTLP.
/// </summary>
public static class Observability
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    private const string ReadyTag = "ready";
    private const string DatabaseTag = "database";

    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [DatabaseTag, ReadyTag])
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [ReadyTag])
            .AddCheck<HangfireStorageHealthCheck>("hangfire", tags: [ReadyTag]);
        services.AddSingleton<MigrationsHealthCheck>();

        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("commitmentbot"))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddMeter(ClockTelemetry.Name).AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            // Outbound calls to Slack and Teams show up through HttpClient's own activity source.
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddSource(ClockTelemetry.Name, "System.Net.Http")
                .AddOtlpExporter());
        }

        return services;
    }

    public static WebApplication MapObservability(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(DatabaseTag) });
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    private sealed class DatabaseHealthCheck(DbConnectionFactory connections) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var problem = await connections.CheckAsync(cancellationToken);
            return problem is null ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The database cannot be reached: " + problem);
        }
    }

    /// <summary>
    /// Every migration script of this version is applied. Once true it stays true (a newer version only adds scripts),
    /// so after the first success the probe costs nothing.
    /// </summary>
    private sealed class MigrationsHealthCheck(StorageOptions storage) : IHealthCheck
    {
        private volatile bool current;

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (current)
            {
                return Task.FromResult(HealthCheckResult.Healthy());
            }

            try
            {
                var pending = MigrationRunner.PendingScripts(storage);
                current = pending.Count == 0;
                return Task.FromResult(current
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy($"{pending.Count} migration script(s) not applied yet (run the migrate verb): {string.Join(", ", pending.Take(3))}"));
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy("The migration journal cannot be read: " + ex.Message));
            }
        }
    }

    /// <summary>Hangfire's storage answers (the clock's jobs live there): one cheap read of its server list.</summary>
    private sealed class HangfireStorageHealthCheck(JobStorage storage) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var servers = await Task.Run(() => storage.GetMonitoringApi().Servers().Count, cancellationToken);
                return HealthCheckResult.Healthy($"{servers} Hangfire server(s)");
            }
#pragma warning disable CA1031 // Whatever the storage throws means the same thing here: not ready.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                return HealthCheckResult.Unhealthy("Hangfire's storage cannot be reached: " + ex.Message);
            }
        }
    }
}
