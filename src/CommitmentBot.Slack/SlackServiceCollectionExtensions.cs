using CommitmentBot.Core.Ports;
using CommitmentBot.Slack.Api;
using CommitmentBot.Slack.Home;
using CommitmentBot.Slack.Inbound;
using CommitmentBot.Slack.Install;
using CommitmentBot.Slack.Sending;
using CommitmentBot.Slack.Signing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Slack;

/// <summary>Registers the Slack adapter.</summary>
public static class SlackServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Slack adapter: options from the <c>Slack</c> section (validated at start-up), the Web API
    /// client, request verification, the endpoints' services, the <see cref="IChatSender"/> for Slack and
    /// <see cref="ISlackHomePublisher"/>. The host provides <c>IChatRequestHandler</c>,
    /// <see cref="IRequestDeduplicator"/> and, for OAuth installs, <see cref="ISlackInstallationStore"/>;
    /// it should persist Data Protection keys (tokens are encrypted with them).
    /// </summary>
    public static IServiceCollection AddSlack(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SlackOptions>()
            .Bind(configuration.GetSection(SlackOptions.SectionName))
            .PostConfigure(o =>
            {
                if (!o.ApiBaseUrl.EndsWith('/'))
                {
                    o.ApiBaseUrl += "/";
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.AddDataProtection();
        services.AddHttpClient(SlackApiClient.HttpClientName, (sp, http) =>
        {
            http.BaseAddress = new Uri(sp.GetRequiredService<IOptions<SlackOptions>>().Value.ApiBaseUrl);
            http.Timeout = Timeout.InfiniteTimeSpan; // each attempt has its own limit (Slack:RequestTimeout)
        }).AddSlackApiRetry();
        services.AddHttpClient(SlackApiClient.FilesHttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan); // the download has its own limit
        services.AddHttpClient(ResponseUrlClient.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan) // each attempt: 10 s
            .RemoveAllLoggers() // a response_url lets anyone holding it post as the app for 30 minutes: keep it out of logs
            .AddResponseUrlRetry();

        services.TryAddSingleton<SlackRequestVerifier>();
        services.TryAddSingleton<SlackSignatureFilter>();
        services.TryAddSingleton<ChannelPacer>();
        services.TryAddSingleton<ISlackApiClient, SlackApiClient>();
        services.TryAddSingleton<SlackTokenProtector>();
        services.TryAddSingleton<ISlackTokenSource, SlackTokenSource>();
        services.TryAddSingleton<ISlackOAuthStateStore, ProtectedOAuthStateStore>();
        services.TryAddSingleton<SlackInstallations>();
        services.TryAddSingleton<SlackDirectMessages>();
        services.TryAddSingleton<SlackUserDirectory>();
        services.TryAddSingleton<SlackDeduplication>();
        services.TryAddSingleton<SlackFollowUps>();
        services.AddHostedService(sp => sp.GetRequiredService<SlackFollowUps>());
        services.TryAddSingleton<SlackRequestRunner>();
        services.TryAddSingleton<SlackWorkspaceGate>();
        services.TryAddSingleton<ResponseUrlClient>();
        services.TryAddSingleton<SlackReplies>();
        services.TryAddSingleton<ISlackHomePublisher, SlackHomePublisher>();
        services.TryAddSingleton<SlashCommandEndpoint>();
        services.TryAddSingleton<SlackViewOpener>();
        services.TryAddSingleton<Core.Capture.PromiseNoticer>();
        services.TryAddSingleton<SlackCaptureHandler>();
        services.TryAddSingleton<InteractivityEndpoint>();
        services.TryAddSingleton<EventsEndpoint>();
        services.TryAddSingleton<OAuthEndpoints>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatSender, SlackChatSender>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStatusAwaySource, SlackStatusAwaySource>());
        if (!string.IsNullOrEmpty(configuration[SlackOptions.SectionName + ":" + nameof(SlackOptions.AppToken)]))
        {
            // One Socket Mode connection per instance; several instances each hold their own (Slack allows 10 per app).
            services.TryAddSingleton<SocketMode.SlackEnvelopeDispatcher>();
            services.TryAddSingleton<SocketMode.SlackSocketModeService>();
            services.AddHostedService(sp => sp.GetRequiredService<SocketMode.SlackSocketModeService>());
        }

        return services;
    }

    /// <summary>
    /// Keeps each person's App Home tab current: the <see cref="ICommitmentChangeListener"/> becomes a background
    /// refresher that republishes a tab a moment after its owner's promises change. Call after the core's services.
    /// </summary>
    public static IServiceCollection AddSlackHomeRefresh(this IServiceCollection services)
    {
        services.TryAddSingleton<SlackHomeRefresher>();
        services.Replace(ServiceDescriptor.Singleton<ICommitmentChangeListener>(sp => sp.GetRequiredService<SlackHomeRefresher>()));
        services.AddHostedService(sp => sp.GetRequiredService<SlackHomeRefresher>());
        return services;
    }
}
