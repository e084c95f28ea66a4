using System.Globalization;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.Hosting;

namespace CommitmentBot.Sandbox;

/// <summary>The local web chat used when no Slack or Teams credentials are configured.</summary>
public static class SandboxRegistration
{
    public static IServiceCollection AddSandbox(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var dataPath = AppOptions.ResolveDataPath(configuration, environment);
        var statePath = Path.Combine(dataPath, "sandbox-clock.txt");
        var start = ReadStart(configuration);
        services.AddSingleton(_ => new SandboxClock(start ?? TimeProvider.System.GetUtcNow(), statePath));
        services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<SandboxClock>());
        services.AddSingleton(sp => new SandboxConversations(Path.Combine(dataPath, "sandbox-conversations.json"), sp.GetService<Records.RecordLinks>()));
        services.AddSingleton(new SandboxStart(start));
        services.AddSingleton<IChatSender, SandboxChatSender>();
        services.AddSingleton<SandboxClockDriver>();
        services.AddSingleton<IOutboxSignal>(sp => sp.GetRequiredService<SandboxClockDriver>());
        return services;
    }

    /// <summary>
    /// <c>Sandbox:Start</c>: where a fresh simulated clock starts (an ISO-8601 instant), so demos and
    /// scripts can begin on a known weekday; unset means the real time. A saved later position wins.
    /// </summary>
    private static DateTimeOffset? ReadStart(IConfiguration configuration)
    {
        var text = configuration["Sandbox:Start"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start)
            ? start.ToUniversalTime()
            : throw new InvalidOperationException($"Sandbox:Start must be an ISO-8601 instant such as 2027-02-01T14:00:00Z (it is '{text}').");
    }

    /// <summary>Serves the chat page at <c>/</c> and the API under <c>/sandbox/api</c>.</summary>
    public static WebApplication UseSandbox(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapSandbox();
        return app;
    }

    /// <summary>A fresh sandbox gets a small team to try things with: a rep, her manager, an admin, a channel.</summary>
    public static Task SeedSandboxAsync(this WebApplication app, CancellationToken cancellationToken = default) =>
        SeedAsync(app.Services.GetRequiredService<IPeopleStore>(), app.Services.GetRequiredService<IWorkspaceStore>(), cancellationToken);

    /// <summary>Adds the starting team and the escalation channel, unless the sandbox already has people.</summary>
    internal static async Task SeedAsync(IPeopleStore people, IWorkspaceStore workspaces, CancellationToken cancellationToken)
    {
        if ((await people.ListAsync(SandboxApi.WorkspaceId, 1, cancellationToken)).Count > 0)
        {
            return;
        }

        var settings = await workspaces.FindAsync(SandboxApi.WorkspaceId, cancellationToken)
            ?? WorkspaceSettings.NewFor(SandboxApi.WorkspaceId, SandboxChatSender.PlatformName);
        await workspaces.SaveAsync(settings with { EscalationChannelId = "escalations" }, cancellationToken);
        await people.UpsertAsync(new Person { WorkspaceId = SandboxApi.WorkspaceId, UserId = "ana", DisplayName = "Ana", TimeZone = "America/New_York", ManagerId = "maria" }, cancellationToken);
        await people.UpsertAsync(new Person { WorkspaceId = SandboxApi.WorkspaceId, UserId = "maria", DisplayName = "Maria", TimeZone = "America/Chicago" }, cancellationToken);
        await people.UpsertAsync(new Person { WorkspaceId = SandboxApi.WorkspaceId, UserId = "sam", DisplayName = "Sam", TimeZone = "Europe/London", IsAdmin = true }, cancellationToken);
    }
}

/// <summary>Where the simulated clock started (<c>Sandbox:Start</c>), or null for the real time: where a reset puts it back.</summary>
public sealed record SandboxStart(DateTimeOffset? At);
