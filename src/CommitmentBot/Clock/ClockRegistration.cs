using System.Net;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Ports;
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
    /// Registers the clock with the <see cref="ClockOptions"/> (<c>Clock:*</c>, checked here so a bad value stops
    /// the start with its key named).
    /// </summary>
    public static IServiceCollection AddClock(this IServiceCollection services, StorageOptions storage, IConfiguration configuration)
    {
        var clock = ClockOptions.Read(configuration);
        services.AddSingleton(clock);
        services.AddSingleton<ClockTelemetry>();
        services.AddSingleton<EscalationSweep>();
        services.AddSingleton(sp => new NotificationDelivery(
            sp.GetRequiredService<IOutboxStore>(),
            sp.GetRequiredService<ICommitmentStore>(),
            sp.GetRequiredService<IPeopleStore>(),
            sp.GetRequiredService<IWorkspaceStore>(),
            sp.GetServices<IChatSender>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ICommitmentChangeListener>(),
            sp.GetService<IDigestRenderer>())
        {
            ClaimLease = clock.DeliveryLease,
        });
        services.AddSingleton(sp => new ClockTick(sp.GetRequiredService<EscalationSweep>(), sp.GetRequiredService<IOutboxStore>())
        {
            DeliveryLease = clock.DeliveryLease,
        });
        services.AddTransient<ClockJobs>();
        if (storage.Provider is not (StorageProvider.SqlServer or StorageProvider.PostgreSql))
        {
            // The embedded database keeps Hangfire's jobs in memory, in a store of this app's own: Hangfire's default is
            // the process-wide JobStorage.Current, so two apps in one process (the test suites run many at once) would
            // share one store, and the first to stop would dispose it under the others.
            services.AddSingleton<JobStorage>(_ => new Hangfire.InMemory.InMemoryStorage());
        }

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
                    config.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(storage.ConnectionString), new PostgreSqlStorageOptions
                    {
                        PrepareSchemaIfNecessary = true,
                        SchemaName = "hangfire",

                        // This storage's locks are rows that nobody renews: one left by a killed instance is only
                        // cleared once it is this old. Hangfire takes them for moments (the recurring-job scheduler,
                        // the delayed-job poller, expiry), and the chaos soak showed what a long timeout costs: with
                        // the default 10 minutes, or even 1, a kill during scheduling stopped every sweep for that
                        // long (heads-ups came too late and were skipped). A lock taken over early only lets two
                        // instances do the same idempotent housekeeping at once.
                        DistributedLockTimeout = TimeSpan.FromSeconds(15),
                    });
                    break;
                default:
                    config.UseStorage(provider.GetRequiredService<JobStorage>());
                    break;
            }
        });
        if (clock.RunServer)
        {
            services.AddHangfireServer(options =>
            {
                options.WorkerCount = Math.Clamp(Environment.ProcessorCount * 2, 2, 10);
                options.SchedulePollingInterval = TimeSpan.FromSeconds(5);

                // On SIGTERM the workers' jobs see their token cancelled: a delivery not yet sending hands its claim
                // back, one already sending finishes. This bounds that wait inside the host's own shutdown timeout
                // (30 s by default) and the orchestrator's grace period (45 s in deploy/).
                options.ShutdownTimeout = TimeSpan.FromSeconds(25);
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
            var clock = app.Services.GetRequiredService<ClockOptions>();
            recurring.AddOrUpdate<ClockJobs>(ClockJobs.SweepJobId, j => j.SweepAsync(CancellationToken.None), clock.SweepCron);
            recurring.AddOrUpdate<DigestJobs>(DigestJobs.JobId, j => j.RunAsync(CancellationToken.None), DigestJobs.Cron);
        }
        else
        {
            recurring.RemoveIfExists(ClockJobs.SweepJobId);
            recurring.RemoveIfExists(DigestJobs.JobId);
        }

        recurring.AddOrUpdate<ClockJobs>(ClockJobs.CleanUpJobId, j => j.CleanUpAsync(CancellationToken.None), Cron.Daily(3));

        // The dashboard can trigger and delete jobs. In Development it is open to this machine (a request relayed by a
        // proxy is not local) and to the admin role; elsewhere it is off unless Hangfire:Dashboard is true, and then
        // only an authenticated user in the role gets in.
        var development = app.Environment.IsDevelopment();
        if (app.Configuration.GetValue<bool?>("Hangfire:Dashboard") ?? development)
        {
            app.MapHangfireDashboard("/hangfire", new DashboardOptions
            {
                Authorization = [new DashboardAccess(app.Configuration["Hangfire:DashboardRole"] ?? "CommitmentBotAdmin", allowLocal: development)],
                DisplayStorageConnectionString = false,
            });
        }

        return app;
    }

    /// <summary>Who may open the dashboard: an authenticated user in the role; in Development also a request from this machine.</summary>
    private sealed class DashboardAccess(string role, bool allowLocal) : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context)
        {
            var http = context.GetHttpContext();
            if (http.User.Identity?.IsAuthenticated == true && http.User.IsInRole(role))
            {
                return true;
            }

            if (!allowLocal || http.Request.Headers.ContainsKey("X-Forwarded-For") || http.Request.Headers.ContainsKey("Forwarded"))
            {
                // A forwarding header still on the request came through a proxy not named in ForwardedHeaders:KnownProxies:
                // whoever is behind it is not local, whatever the connection says.
                return false;
            }

            var remote = http.Connection.RemoteIpAddress;
            return remote is null
                ? http.Connection.LocalIpAddress is null // in-process test server
                : IPAddress.IsLoopback(remote);
        }
    }
}
