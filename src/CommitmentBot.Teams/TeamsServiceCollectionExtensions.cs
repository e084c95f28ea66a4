using CommitmentBot.Core.Ports;
using CommitmentBot.Teams.Activities;
using CommitmentBot.Teams.Auth;
using CommitmentBot.Teams.Cards;
using CommitmentBot.Teams.Connector;
using CommitmentBot.Teams.References;
using CommitmentBot.Teams.Sending;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Teams;

/// <summary>Registers the Teams adapter.</summary>
public static class TeamsServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="TeamsOptions"/> from section <c>Teams</c> (start-up fails naming
    /// a missing key) and registers the endpoint's services, the connector client and
    /// <see cref="TeamsChatSender"/> (as an <see cref="IChatSender"/>). The host supplies
    /// <c>IChatRequestHandler</c>, <c>IRequestDeduplicator</c> and <see cref="IConversationReferenceStore"/>.
    /// </summary>
    public static IServiceCollection AddTeams(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TeamsOptions>()
            .Bind(configuration.GetSection(TeamsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TeamsOptions>, TeamsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(OpenIdSigningKeySource.HttpClientName);
        services.AddTransient<TokenUrlRedirectHandler>();
        services.AddHttpClient(MsalTokenAcquirer.HttpClientName)
            .AddHttpMessageHandler<TokenUrlRedirectHandler>();
        // Every reply and nudge is a connector call: the client logs its failures itself, so the factory's
        // per-request logging handlers (a scope and four log calls each) are left out.
        services.AddHttpClient(BotConnectorClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan) // each attempt: Teams:ConnectorTimeout
            .RemoveAllLoggers()
            .AddConnectorRetry();

        services.TryAddSingleton<OpenIdSigningKeySource>();
        services.TryAddSingleton<ISigningKeySource>(sp => sp.GetRequiredService<OpenIdSigningKeySource>());
        services.TryAddSingleton<IBotFrameworkTokenValidator, BotFrameworkTokenValidator>();
        services.TryAddSingleton<ServiceUrlTrust>();
        services.TryAddSingleton<ITokenAcquirer, MsalTokenAcquirer>();
        services.TryAddSingleton<IBotConnectorClient, BotConnectorClient>();
        services.TryAddSingleton(sp => new AdaptiveCardRenderer(sp.GetRequiredService<IOptions<TeamsOptions>>().Value.CardActions, sp.GetService<CommitmentBot.Core.Ports.IChartImages>()));
        services.TryAddSingleton<RecentReferenceWrites>();
        services.TryAddSingleton<TeamsActivityInbox>();
        services.AddHostedService<TeamsActivityWorker>();

        // Scoped: the activity worker makes a scope per activity and the host's handler may be scoped.
        services.TryAddScoped<ConversationReferenceRecorder>();
        services.TryAddScoped<TeamsActivityProcessor>();

        // A singleton, as every IChatSender is: the outbox's delivery service (a singleton) holds the senders, and a
        // scoped sender would be captured by it (refused at start-up when scopes are validated, as in Development).
        services.TryAddSingleton<TeamsChatSender>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatSender, TeamsChatSender>(sp => sp.GetRequiredService<TeamsChatSender>()));
        return services;
    }
}
