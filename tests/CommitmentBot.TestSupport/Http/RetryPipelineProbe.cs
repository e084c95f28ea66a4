using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CommitmentBot.TestSupport.Http;

/// <summary>
/// An adapter's outbound clients as its registration builds them (retry pipelines included), with every named client
/// talking to one <see cref="ScriptedHttpHandler"/> and every wait started on a <see cref="WaitRecordingTimeProvider"/>
/// that moves only when the test moves it.
/// </summary>
public sealed class RetryPipelineProbe : IDisposable
{
    /// <summary>How long (real time) a test waits for something the pipeline should do at once.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly Action<IServiceCollection, IConfiguration> _register;
    private readonly Dictionary<string, string?> _baseSettings;
    private ServiceProvider? _provider;

    /// <param name="register">The adapter's registration (AddSlack, AddTeams).</param>
    /// <param name="baseSettings">The settings it needs to start.</param>
    public RetryPipelineProbe(Action<IServiceCollection, IConfiguration> register, IDictionary<string, string?> baseSettings)
    {
        _register = register;
        _baseSettings = new Dictionary<string, string?>(baseSettings);
    }

    public WaitRecordingTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));

    public ScriptedHttpHandler FarEnd { get; } = new();

    /// <summary>Builds the services with <paramref name="settings"/> over the base settings (once, before the first send).</summary>
    public RetryPipelineProbe With(IDictionary<string, string?> settings)
    {
        if (_provider is not null)
        {
            throw new InvalidOperationException("The services are built already.");
        }

        var configuration = new Dictionary<string, string?>(_baseSettings);
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        _register(services, new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => FarEnd).SetHandlerLifetime(Timeout.InfiniteTimeSpan));
        _provider = services.BuildServiceProvider();
        return this;
    }

    /// <summary>The named client, as the adapter's code gets it.</summary>
    public HttpClient Client(string name) =>
        (_provider ?? With(new Dictionary<string, string?>())._provider!).GetRequiredService<IHttpClientFactory>().CreateClient(name);

    /// <summary>Waits (real time) for the pipeline to start its next wait, moves the clock by exactly that, and returns it.</summary>
    public async Task<TimeSpan> PassNextWaitAsync() =>
        await Time.NextWaitAsync(Patience) is { } wait
            ? Pass(wait)
            : throw new InvalidOperationException($"The pipeline started no wait within {Patience}.");

    public void Dispose() => _provider?.Dispose();

    private TimeSpan Pass(TimeSpan wait)
    {
        Time.Advance(wait);
        return wait;
    }
}
