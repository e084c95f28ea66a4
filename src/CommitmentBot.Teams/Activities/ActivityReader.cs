using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CommitmentBot.Core.Commands;

namespace CommitmentBot.Teams.Activities;

/// <summary>Reads the neutral facts (tenant, user, zone, command text) out of a Teams activity.</summary>
public static partial class ActivityReader
{
    /// <summary>The tenant: the conversation's, else the channel data's.</summary>
    public static string? TenantOf(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return NullIfEmpty(activity.Conversation?.TenantId) ?? NullIfEmpty(activity.ChannelData?.Tenant?.Id);
    }

    /// <summary>The longest user, tenant or bot id storage keeps.</summary>
    public const int MaxIdLength = ChatRequest.MaxIdLength;

    /// <summary>The longest conversation-reference key (a channel or team id) storage keeps.</summary>
    public const int MaxReferenceKeyLength = 256;

    /// <summary>The longest conversation id or service URL storage keeps.</summary>
    public const int MaxConversationLength = 512;

    /// <summary>
    /// Why an authenticated activity cannot be served because an id in it is longer than storage keeps or holds control
    /// characters (no Teams id does, and the connector refuses a reply to one): checked where it arrives, so it is
    /// refused with the reason instead of failing part-way; null when every id is usable.
    /// </summary>
    public static string? UnusableId(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var isChannel = IsChannel(activity);
        (string What, string? Value, int Limit)[] checks =
        [
            ("tenant id", TenantOf(activity), MaxIdLength),
            ("sender id", UserIdOf(activity), MaxIdLength),
            ("sender's aadObjectId", activity.From?.AadObjectId, MaxIdLength),
            ("recipient id", activity.Recipient?.Id, MaxIdLength),
            ("conversation id", activity.Conversation?.Id, MaxConversationLength),
            ("service URL", activity.ServiceUrl, MaxConversationLength),
            ("team id", activity.ChannelData?.Team?.Id, MaxReferenceKeyLength),
            ("channel id", isChannel ? ChannelIdOf(activity) : null, MaxReferenceKeyLength),
        ];
        foreach (var (what, value, limit) in checks)
        {
            if (value is not null && value.Length > limit)
            {
                return string.Create(CultureInfo.InvariantCulture, $"The {what} is {value.Length:N0} characters long; CommitmentBot keeps up to {limit}.");
            }

            if (value is not null && (value.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') >= 0 || value.Contains('\u007f', StringComparison.Ordinal)))
            {
                return $"The {what} contains control characters; Teams ids never do.";
            }
        }

        return null;
    }

    /// <summary>The sender's stable id: the Entra object id (the <c>29:</c> id differs per bot), else the channel id.</summary>
    public static string? UserIdOf(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return NullIfEmpty(activity.From?.AadObjectId) ?? NullIfEmpty(activity.From?.Id);
    }

    /// <summary>The sender's IANA zone from <c>clientInfo</c>, else <c>localTimezone</c>.</summary>
    public static string? TimeZoneOf(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var fromClient = activity.Entities?
            .FirstOrDefault(e => e is not null && string.Equals(e.Type, "clientInfo", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(e.Timezone))?
            .Timezone;
        return NullIfEmpty(fromClient) ?? NullIfEmpty(activity.LocalTimezone);
    }

    public static bool IsPersonal(Activity activity) =>
        string.Equals(activity?.Conversation?.ConversationType, "personal", StringComparison.OrdinalIgnoreCase);

    public static bool IsChannel(Activity activity) =>
        string.Equals(activity?.Conversation?.ConversationType, "channel", StringComparison.OrdinalIgnoreCase)
        || activity?.ChannelData?.Channel?.Id is { Length: > 0 };

    /// <summary>The channel id of a channel conversation (without the thread's <c>;messageid=</c>).</summary>
    public static string? ChannelIdOf(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (NullIfEmpty(activity.ChannelData?.Channel?.Id) is { } channel)
        {
            return channel;
        }

        var conversation = activity.Conversation?.Id;
        if (conversation is null)
        {
            return null;
        }

        var thread = conversation.IndexOf(";messageid=", StringComparison.OrdinalIgnoreCase);
        return thread > 0 ? conversation[..thread] : conversation;
    }

    /// <summary>
    /// The key a retry of this activity carries. Teams message ids are only unique within a
    /// conversation, so the conversation (hashed to keep the key short) is part of it.
    /// </summary>
    public static string RequestKeyOf(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var conversation = activity.Conversation?.Id ?? "";
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(conversation), hash);
        return $"{activity.Id}@{Convert.ToHexStringLower(hash[..8])}";
    }

    /// <summary>
    /// The command text: the bot's own mention removed, other mentions replaced by
    /// <paramref name="mentionReplacement"/> (or their plain text), markup and entities undone,
    /// whitespace collapsed, and a leading <c>promise</c> or <c>/promise</c> dropped.
    /// </summary>
    public static string CommandTextOf(Activity activity, Func<Entity, string?>? mentionReplacement = null)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var text = activity.Text ?? "";
        var botId = activity.Recipient?.Id;

        // Mentions of others become placeholders first, so the markup clean-up below cannot eat their replacement.
        var replacements = new List<string>();
        foreach (var mention in activity.Entities ?? [])
        {
            if (mention is null || !string.Equals(mention.Type, "mention", StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(mention.Text))
            {
                continue;
            }

            var isBot = botId is not null && string.Equals(mention.Mentioned?.Id, botId, StringComparison.OrdinalIgnoreCase);
            if (isBot)
            {
                text = text.Replace(mention.Text, " ", StringComparison.Ordinal);
                continue;
            }

            replacements.Add(mentionReplacement?.Invoke(mention) ?? WebUtility.HtmlDecode(StripTags(mention.Text)));
            text = text.Replace(mention.Text, $" \u0001{replacements.Count - 1}\u0001 ", StringComparison.Ordinal);
        }

        // Any mention left without an entity (older clients) is the bot being addressed.
        text = AtTag().Replace(text, " ");
        text = StripTags(text);
        text = WebUtility.HtmlDecode(text).Replace('\u00a0', ' ');
        for (var i = 0; i < replacements.Count; i++)
        {
            text = text.Replace($"\u0001{i}\u0001", replacements[i], StringComparison.Ordinal);
        }

        text = Whitespace().Replace(text, " ").Trim();
        var prefix = PromisePrefix().Match(text);
        if (prefix.Success)
        {
            text = text[prefix.Length..].TrimStart();
        }

        return text;
    }

    private static string StripTags(string value) => Tag().Replace(value, "");

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    [GeneratedRegex("<at>.*?</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline, 100)]
    private static partial Regex AtTag();

    [GeneratedRegex("<[^>]{1,200}>", RegexOptions.None, 100)]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+", RegexOptions.None, 100)]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^/?promise(\s+|$)", RegexOptions.IgnoreCase, 100)]
    private static partial Regex PromisePrefix();
}
