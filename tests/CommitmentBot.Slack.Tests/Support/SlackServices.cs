using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Ports;
using CommitmentBot.Slack.Install;
using CommitmentBot.TestSupport.Slack;
using CommitmentBot.TestSupport.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CommitmentBot.Slack.Tests.Support;

/// <summary>The adapter's services without a web host, on a simulated clock, talking to a fake Slack.</summary>
public sealed class SlackServices : IDisposable
{
    private readonly ServiceProvider _provider;

    public SlackServices(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        Time = new SimulatedTimeProvider(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));
        Api = new FakeSlack(Time.GetUtcNow);
        var configuration = new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = SlackTestApp.SigningSecret,
            ["Slack:BotToken"] = SlackTestApp.BotToken,
            ["Slack:ApiBaseUrl"] = FakeSlack.InProcessApiBaseUrl,
            ["Slack:RequestTimeout"] = "00:00:00.300",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSlack(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        services.AddSingleton<IRequestDeduplicator>(Deduplicator);
        services.AddSingleton<ISlackInstallationStore>(Installations);
        services.AddSingleton<IChatRequestHandler>(Handler);
        var stores = new CommitmentBot.TestSupport.Stores.InMemoryStores();
        services.AddSingleton<ICommitmentStore>(stores);
        services.AddSingleton<IPeopleStore>(stores);
        services.AddSingleton<IWorkspaceStore>(stores);
        services.AddSingleton<INoticeMuteStore>(new CommitmentBot.TestSupport.Stores.InMemoryNoticeMutes());
        services.ConfigureHttpClientDefaults(http => http
            .ConfigurePrimaryHttpMessageHandler(() => Api)
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan));
        configure?.Invoke(services);
        _provider = services.BuildServiceProvider();
    }

    public SimulatedTimeProvider Time { get; }

    public FakeSlack Api { get; }

    public InMemoryDeduplicator Deduplicator { get; } = new();

    public InMemoryInstallationStore Installations { get; } = new();

    public RecordingChatRequestHandler Handler { get; } = new();

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public IChatSender Sender => _provider.GetServices<IChatSender>().Single(s => s.Platform == "slack");

    public void Dispose() => _provider.Dispose();
}
