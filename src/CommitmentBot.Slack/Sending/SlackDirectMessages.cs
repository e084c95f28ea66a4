using System.Collections.Concurrent;
using CommitmentBot.Slack.Api;

namespace CommitmentBot.Slack.Sending;

/// <summary>The <c>D…</c> channel of each person's DM with the bot (conversations.open), remembered: it never changes.</summary>
internal sealed class SlackDirectMessages(ISlackApiClient api)
{
    private readonly ConcurrentDictionary<(string Workspace, string User), string> _channels = new();

    public async ValueTask<string> OpenAsync(string workspaceId, string token, string userId, CancellationToken cancellationToken)
    {
        if (_channels.TryGetValue((workspaceId, userId), out var channel))
        {
            return channel;
        }

        channel = await api.OpenDirectMessageAsync(token, userId, cancellationToken);
        if (_channels.Count > 100_000)
        {
            _channels.Clear();
        }

        _channels[(workspaceId, userId)] = channel;
        return channel;
    }
}
