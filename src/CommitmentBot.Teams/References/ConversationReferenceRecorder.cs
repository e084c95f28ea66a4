using System.Collections.Concurrent;
using CommitmentBot.Teams.Activities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Teams.References;

/// <summary>
/// Keeps conversation references current from inbound activities: the sender's 1:1 chat, the
/// channel and the team. Writes only what changed (or went stale), so a busy chat does not
/// rewrite the same row on every message.
/// </summary>
public sealed class ConversationReferenceRecorder(
    IConversationReferenceStore store,
    RecentReferenceWrites recent,
    IOptions<TeamsOptions> options,
    TimeProvider timeProvider,
    ILogger<ConversationReferenceRecorder> logger)
{
    /// <summary>
    /// Stores the references this activity reveals. <paramref name="always"/> skips the recent-write
    /// check (installs: another instance may have deleted the row on an earlier uninstall).
    /// </summary>
    public async Task RecordAsync(string tenant, Activity activity, CancellationToken cancellationToken, bool always = false)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.ServiceUrl is not { Length: > 0 } serviceUrl || activity.Conversation?.Id is not { Length: > 0 } conversationId)
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        var botId = activity.Recipient?.Id ?? options.Value.BotId;
        if (ActivityReader.IsPersonal(activity))
        {
            if (activity.From?.AadObjectId is { Length: > 0 } objectId)
            {
                await WriteAsync(new TeamsConversationReference(tenant, ConversationReferenceKind.User, objectId, serviceUrl, conversationId, tenant, botId, objectId, now), always, cancellationToken)
                    .ConfigureAwait(false);
            }

            return;
        }

        if (ActivityReader.IsChannel(activity) && ActivityReader.ChannelIdOf(activity) is { } channelId)
        {
            await WriteAsync(new TeamsConversationReference(tenant, ConversationReferenceKind.Channel, channelId, serviceUrl, channelId, tenant, botId, null, now), always, cancellationToken)
                .ConfigureAwait(false);
        }

        if (activity.ChannelData?.Team?.Id is { Length: > 0 } teamId)
        {
            // A team is reached through its General channel, whose id the team id was created from.
            var general = ActivityReader.ChannelIdOf(activity) ?? teamId;
            await WriteAsync(new TeamsConversationReference(tenant, ConversationReferenceKind.Team, teamId, serviceUrl, general, tenant, botId, null, now), always, cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary>Deletes the references an uninstall invalidates.</summary>
    public async Task ForgetAsync(string tenant, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var doomed = new List<(ConversationReferenceKind Kind, string Key)>();
        if (ActivityReader.IsPersonal(activity))
        {
            if (activity.From?.AadObjectId is { Length: > 0 } objectId)
            {
                doomed.Add((ConversationReferenceKind.User, objectId));
            }
        }
        else
        {
            if (activity.ChannelData?.Team?.Id is { Length: > 0 } teamId)
            {
                doomed.Add((ConversationReferenceKind.Team, teamId));
                doomed.Add((ConversationReferenceKind.Channel, teamId));
            }

            if (ActivityReader.ChannelIdOf(activity) is { } channelId)
            {
                doomed.Add((ConversationReferenceKind.Channel, channelId));
            }
        }

        foreach (var (kind, key) in doomed.Distinct())
        {
            recent.Forget(tenant, kind, key);
            await store.RemoveAsync(tenant, kind, key, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Removed the {Kind} conversation reference after an uninstall", kind);
        }
    }

    private async Task WriteAsync(TeamsConversationReference reference, bool always, CancellationToken cancellationToken)
    {
        if (!always && recent.IsCurrent(reference))
        {
            return;
        }

        await store.UpsertAsync(reference, cancellationToken).ConfigureAwait(false);
        recent.Remember(reference);
    }
}

/// <summary>The references this process wrote lately, so unchanged ones are not rewritten for a while.</summary>
public sealed class RecentReferenceWrites
{
    private const int MaxEntries = 50_000;
    private static readonly TimeSpan RewriteAfter = TimeSpan.FromHours(6);

    private readonly ConcurrentDictionary<(string, ConversationReferenceKind, string), TeamsConversationReference> _written = new();

    internal bool IsCurrent(TeamsConversationReference reference) =>
        _written.TryGetValue((reference.WorkspaceId, reference.Kind, reference.Key), out var last)
        && string.Equals(last.ServiceUrl, reference.ServiceUrl, StringComparison.Ordinal)
        && string.Equals(last.ConversationId, reference.ConversationId, StringComparison.Ordinal)
        && string.Equals(last.BotId, reference.BotId, StringComparison.Ordinal)
        && reference.UpdatedAt - last.UpdatedAt < RewriteAfter;

    internal void Remember(TeamsConversationReference reference)
    {
        if (_written.Count >= MaxEntries)
        {
            _written.Clear();
        }

        _written[(reference.WorkspaceId, reference.Kind, reference.Key)] = reference;
    }

    internal void Forget(string workspaceId, ConversationReferenceKind kind, string key) =>
        _written.TryRemove((workspaceId, kind, key), out _);
}
