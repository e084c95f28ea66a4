using CommitmentBot.Clock;
using CommitmentBot.Storage;
using CommitmentBot.Tests.Support;
using Hangfire;
using Hangfire.InMemory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CommitmentBot.Tests.Hosting;

/// <summary>
/// On the embedded database Hangfire keeps its jobs in memory, in a store each app owns: Hangfire's process-wide
/// <c>JobStorage.Current</c> is not what an app uses, so two apps in one process (as the test suites run them) cannot
/// end up on one store that the first to stop disposes under the other (the fuzz suites running together met
/// "Background job creation failed … Cannot access a disposed object").
/// </summary>
public sealed class HangfireStoreTests
{
    [Fact]
    public void AnAppsJobStore_IsItsOwn_WhateverAnotherAppSetAsHangfiresCurrentStore()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddClock(new StorageOptions { Provider = StorageProvider.Sqlite, ConnectionString = "Data Source=unused.db" }, new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();

        _ = provider.GetRequiredService<IGlobalConfiguration>(); // this app configures Hangfire …
        var before = JobStorage.Current;
        using var another = new InMemoryStorage();
        JobStorage.Current = another;                            // … then another app in the process does
        JobStorage store;
        try
        {
            store = provider.GetRequiredService<JobStorage>();
        }
        finally
        {
            JobStorage.Current = before;
        }

        Assert.NotSame(another, store);
        Assert.Same(store, provider.GetRequiredService<JobStorage>());
    }

    [Fact]
    public async Task TwoAppsInOneProcess_OneStopping_LeavesTheOthersJobsWorking()
    {
        var settings = new Dictionary<string, string?> { ["Storage:Provider"] = "Sqlite" };
        var first = new TestApp(settings);
        await using var second = new TestApp(settings);
        _ = first.CreateClient();
        _ = second.CreateClient();

        await first.DisposeAsync();
        var id = second.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<ClockJobs>(j => j.BundleAsync(CancellationToken.None));

        Assert.NotNull(second.Services.GetRequiredService<JobStorage>().GetConnection().GetJobData(id));
    }
}
