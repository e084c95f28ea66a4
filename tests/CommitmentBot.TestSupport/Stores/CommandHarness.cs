using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using Microsoft.Extensions.Time.Testing;

namespace CommitmentBot.TestSupport.Stores;

/// <summary>A command runner over in-memory stores and a fake clock, with the people of a test already in place.</summary>
public sealed class CommandHarness
{
    public CommandHarness(DateTimeOffset now, params Person[] people)
    {
        Clock = new FakeTimeProvider(now);
        Runner = new CommandRunner(Stores, Stores, Stores, Stores, Clock, mutes: Mutes);
        Noticer = new CommitmentBot.Core.Capture.PromiseNoticer(Stores, Stores, Stores, Mutes, Clock);
        foreach (var person in people)
        {
            Stores.UpsertAsync(person, default).GetAwaiter().GetResult();
        }
    }

    public FakeTimeProvider Clock { get; }

    public InMemoryStores Stores { get; } = new();

    public CommandRunner Runner { get; }

    public InMemoryNoticeMutes Mutes { get; } = new();

    public CommitmentBot.Core.Capture.PromiseNoticer Noticer { get; }

    /// <summary>What <paramref name="userId"/> types in a direct message.</summary>
    public Task<OutboundMessage> SayAsync(string workspaceId, string userId, string text) =>
        Runner.HandleAsync(new ChatRequest { Platform = "test", WorkspaceId = workspaceId, UserId = userId, Text = text, IsDirectMessage = true }, default);

    /// <summary><paramref name="userId"/> presses <paramref name="actionId"/>, submitting <paramref name="values"/>.</summary>
    public Task<OutboundMessage> ClickAsync(string workspaceId, string userId, string actionId, IReadOnlyDictionary<string, string>? values = null) =>
        Runner.HandleAsync(new ChatRequest { Platform = "test", WorkspaceId = workspaceId, UserId = userId, Action = new ChatAction(actionId, values ?? new Dictionary<string, string>()) }, default);

    /// <summary>The person as stored now.</summary>
    public async Task<Person> PersonAsync(string workspaceId, string userId) =>
        await ((IPeopleStore)Stores).FindAsync(workspaceId, userId, default) ?? throw new InvalidOperationException($"No person {userId}.");
}
