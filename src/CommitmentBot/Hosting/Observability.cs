using CommitmentBot.Storage.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;

namespace CommitmentBot.Hosting;

/// <summary>Health (<c>/healthz</c>) and metrics (<c>/metrics</c>, Prometheus).</summary>
public static class Observability
{
    public static IServiceCollection AddObservability(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
        return services;
    }

    public static WebApplication MapObservability(this WebApplication app)
    {
        app.MapHealthChecks("/healthz");
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
}
