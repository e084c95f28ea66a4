using CommitmentBot.Cli;
using CommitmentBot.Clock;
using CommitmentBot.Hosting;
using CommitmentBot.Records;
using CommitmentBot.Sandbox;

// Verbs for admins and deploy scripts; everything else runs the app.
switch (args)
{
    case ["due", .. var rest]:
        return DueVerb.Run(rest, Console.In, Console.Out, Console.Error);
    case ["teams-package", .. var rest]:
        return TeamsPackageVerb.Run(rest, Console.Out, Console.Error);
    case ["migrate", .. var rest]:
        return MigrateVerb.Run(rest, Console.Out, Console.Error);
    case ["healthcheck", .. var rest]:
        return await HealthCheckVerb.RunAsync(rest, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
if (AppOptions.DefaultUrlUnlessConfigured(builder.Configuration) is { } defaultUrl)
{
    builder.WebHost.UseUrls(defaultUrl);
}

var storage = StorageRegistration.ReadStorageOptions(builder.Configuration, builder.Environment);
var chat = ChatPlatforms.Detect(builder.Configuration);

if (chat.Sandbox)
{
    builder.Services.AddSandbox(builder.Configuration, builder.Environment);
}

builder.Services
    .AddProblemDetails()
    .AddCommitmentBotCore()
    .AddCommitmentBotStorage(storage)
    .AddKeyRing(storage, builder.Configuration, builder.Environment)
    .AddClock(storage, builder.Configuration)
    .AddObservability(builder.Configuration)
    .AddKnownProxies(builder.Configuration)
    .AddChatPlatforms(builder.Configuration, chat)
    .AddRecordPage();

var app = builder.Build();
app.UseForwardedHeaders();
app.MigrateDatabase();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapObservability();
app.UseClock(recurringSweep: !chat.Sandbox);
app.MapChatPlatforms(chat);
app.MapRecordPage();
if (chat.Sandbox)
{
    await app.SeedSandboxAsync();
    app.UseSandbox();
}

app.AnnounceAddresses(chat);
await app.RunAsync();
return 0;

/// <summary>The app's entry point (public for WebApplicationFactory).</summary>
public partial class Program;
