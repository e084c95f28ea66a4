using System.Net;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Storage;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.SqlServer;

namespace CommitmentBot.Clock;

/// <summary>
/// Hangfire runs the clock: SQL Server storage with SqlServer, PostgreSQL storage with PostgreSql, and
/// in-memory storage with the embedded SQLite default (our own tables stay the source of truth, so a
/// restart loses nothing: the sweep finds every due step and every unsent delivery again).
/// </summary>
public static class ClockRegistration
{
    /// <summary>
    /// Registers the clock. <c>Clock:RunServer</c> = false keeps this instance from processing jobs (tests drive
    /// the sweep themselves; a deployment can dedicate some instances to HTTP only).
    /// </summary>
    public static IServiceCollection AddClock(this IServiceCollection services, StorageOptions storage, IConfiguration configuration)
    {
        services.AddSingleton<EscalationSweep>();
        services.AddSingleton<ClockTick>();
        services.AddSingleton<NotificationDelivery>();
        services.AddTransient<ClockJobs>();
        services.AddHangfire((provider, config) =>
        {
            config.UseLogProvider(new HangfireLogProvider(provider.GetRequiredService<ILoggerFactory>()))
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            switch (storage.Provider)
            {
                case StorageProvider.SqlServer:
                    config.UseSqlServerStorage(storage.ConnectionString, new SqlServerStorageOptions { PrepareSchemaIfNecessary = true, SchemaName = "hangfire" });
                    break;
                case StorageProvider.PostgreSql:
                    config.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(storage.ConnectionString), new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true, SchemaName = "hangfire" });
                    break;
                default:
                    config.UseInMemoryStorage();
                    break;
            }
        });
        if (configuration.GetValue("Clock:RunServer", defaultValue: true))
        {
            services.AddHangfireServer(options =>
            {
                options.WorkerCount = Math.Clamp(Environment.ProcessorCount * 2, 2, 10);
                options.SchedulePollingInterval = TimeSpan.FromSeconds(5);
            });
        }

        return services;
    }

    /// <summary>Registers the every-minute sweep (not in the sandbox, whose simulated clock drives the same code).</summary>
    public static WebApplication UseClock(this WebApplication app, bool recurringSweep)
    {
        var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
        if (recurringSweep)
        {
            recurring.AddOrUpdate<ClockJobs>(ClockJobs.SweepJobId, j => j.SweepAsync(CancellationToken.None), Cron.Minutely());
        }
        else
        {
            recurring.RemoveIfExists(ClockJobs.SweepJobId);
        }

        recurring.AddOrUpdate<ClockJobs>(ClockJobs.CleanUpJobId, j => j.CleanUpAsync(CancellationToken.None), Cron.Daily(3));

        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new LocalOrAdminDashboardFilter(app.Configuration["Hangfire:DashboardRole"] ?? "CommitmentBotAdmin")],
            DisplayStorageConnectionString = false,
        });
        return app;
    }

    /// <summary>The dashboard is open only to requests from this machine or to users in the admin role.</summary>
    private sealed class LocalOrAdminDashboardFilter(string role) : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context)
        {
            var http = context.GetHttpContext();
            var remote = http.Connection.RemoteIpAddress;
            var local = remote is null
                ? http.Connection.LocalIpAddress is null // in-process test server
                : IPAddress.IsLoopback(remote);
            return local || http.User.IsInRole(role);
        }
    }
}
