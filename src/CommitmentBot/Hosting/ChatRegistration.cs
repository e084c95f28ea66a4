using CommitmentBot.Slack;
using CommitmentBot.Slack.Install;
using CommitmentBot.Teams;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CommitmentBot.Hosting;

/// <summary>The chat adapters this deployment serves (Slack and/or Teams; the sandbox is wired in Program).</summary>
public static class ChatRegistration
{
    public static IServiceCollection AddChatPlatforms(this IServiceCollection services, IConfiguration configuration, ChatPlatforms chat)
    {
        if (chat.Slack)
        {
            services.AddSingleton<ISlackInstallationStore, SlackInstallationStore>();
            services.AddSlack(configuration);

            // The App Home tab lists a person's promises: refresh it whenever they change.
            services.AddSlackHomeRefresh();
        }

        if (chat.Teams)
        {
            services.AddSingleton<CommitmentBot.Teams.References.IConversationReferenceStore, TeamsReferenceStore>();
            services.AddTeams(configuration);
        }

        return services;
    }

    public static WebApplication MapChatPlatforms(this WebApplication app, ChatPlatforms chat)
    {
        if (chat.Slack)
        {
            app.MapSlack();
        }

        if (chat.Teams)
        {
            app.MapTeams();
        }

        if (!chat.Sandbox)
        {
            // The Teams manifest (and the Slack directory listing) link to these.
            app.MapGet("/privacy", () => TypedResults.Text(LegalText.Privacy, "text/plain"));
            app.MapGet("/terms", () => TypedResults.Text(LegalText.Terms, "text/plain"));
        }

        return app;
    }

    /// <summary>Prints where to find the app once it listens.</summary>
    public static void AnnounceAddresses(this WebApplication app, ChatPlatforms chat)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                var url = address.Replace("0.0.0.0", "localhost", StringComparison.Ordinal).Replace("[::]", "localhost", StringComparison.Ordinal);
                if (chat.Sandbox)
                {
                    app.Logger.LogInformation("CommitmentBot sandbox is running: open {Url}/ in your browser", url.TrimEnd('/'));
                }
                else
                {
                    app.Logger.LogInformation("CommitmentBot is listening on {Url} (Slack: {Slack}, Teams: {Teams})", url, chat.Slack, chat.Teams);
                }
            }
        });
    }
}
