using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CommitmentBot.Hosting;

/// <summary>The chat adapters this deployment serves (Slack, Teams; the sandbox is wired in Program).</summary>
public static class ChatRegistration
{
    public static IServiceCollection AddChatPlatforms(this IServiceCollection services, IConfiguration configuration, ChatPlatforms chat)
    {
        _ = configuration;
        _ = chat;
        return services;
    }

    public static WebApplication MapChatPlatforms(this WebApplication app, ChatPlatforms chat)
    {
        _ = chat;
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
