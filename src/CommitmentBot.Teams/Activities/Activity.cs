using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CommitmentBot.Teams.Activities;

/// <summary>
/// The parts of a Bot Framework activity this bot reads or writes. Unknown fields are ignored on
/// the way in and null fields left out on the way out.
/// </summary>
public sealed class Activity
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public string? Name { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public DateTimeOffset? LocalTimestamp { get; set; }
    public string? LocalTimezone { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ChannelId { get; set; }
    public ChannelAccount? From { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public string? ReplyToId { get; set; }
    public string? Text { get; set; }
    public string? TextFormat { get; set; }
    public string? Summary { get; set; }
    public string? Action { get; set; }
    public JsonElement? Value { get; set; }
    public IReadOnlyList<ChannelAccount>? MembersAdded { get; set; }
    public IReadOnlyList<ChannelAccount>? MembersRemoved { get; set; }
    public IReadOnlyList<Entity>? Entities { get; set; }
    public IReadOnlyList<Attachment>? Attachments { get; set; }
    public TeamsChannelData? ChannelData { get; set; }

    public static class Types
    {
        public const string Message = "message";
        public const string Invoke = "invoke";
        public const string ConversationUpdate = "conversationUpdate";
        public const string InstallationUpdate = "installationUpdate";
    }
}

public sealed class ChannelAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadObjectId { get; set; }
    public string? Role { get; set; }
}

public sealed class ConversationAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? ConversationType { get; set; }
    public string? TenantId { get; set; }
    public bool? IsGroup { get; set; }
}

/// <summary>An entity: <c>clientInfo</c> (locale, time zone) or <c>mention</c>.</summary>
public sealed class Entity
{
    public string? Type { get; set; }
    public string? Locale { get; set; }
    public string? Country { get; set; }
    public string? Platform { get; set; }
    public string? Timezone { get; set; }
    public ChannelAccount? Mentioned { get; set; }
    public string? Text { get; set; }
}

public sealed class Attachment
{
    public required string ContentType { get; set; }
    public JsonNode? Content { get; set; }
}

public sealed class TeamsChannelData
{
    public IdAndName? Tenant { get; set; }
    public IdAndName? Team { get; set; }
    public IdAndName? Channel { get; set; }
    public string? EventType { get; set; }
}

public sealed class IdAndName
{
    public string? Id { get; set; }
    public string? Name { get; set; }
}

/// <summary>The body of <c>POST v3/conversations</c>.</summary>
public sealed class ConversationParameters
{
    public bool IsGroup { get; set; }
    public ChannelAccount? Bot { get; set; }
    public IReadOnlyList<ChannelAccount>? Members { get; set; }
    public string? TenantId { get; set; }
    public TeamsChannelData? ChannelData { get; set; }
    public Activity? Activity { get; set; }
}

/// <summary>What the connector answers to a create-conversation or send call.</summary>
public sealed class ResourceResponse
{
    public string? Id { get; set; }
    public string? ActivityId { get; set; }
    public string? ServiceUrl { get; set; }
}

/// <summary>A member as the roster API returns it.</summary>
public sealed class TeamsMember
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? ObjectId { get; set; }
    public string? AadObjectId { get; set; }
    public string? Email { get; set; }
    public string? UserPrincipalName { get; set; }
    public string? TenantId { get; set; }
}

/// <summary>The JSON body answering an invoke activity.</summary>
public sealed class AdaptiveCardInvokeResponse
{
    public int StatusCode { get; set; }
    public required string Type { get; set; }
    public JsonNode? Value { get; set; }

    public const string CardType = "application/vnd.microsoft.card.adaptive";
    public const string MessageType = "application/vnd.microsoft.activity.message";
    public const string ErrorType = "application/vnd.microsoft.error";
}

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Activity))]
[JsonSerializable(typeof(ConversationParameters))]
[JsonSerializable(typeof(ResourceResponse))]
[JsonSerializable(typeof(TeamsMember))]
[JsonSerializable(typeof(AdaptiveCardInvokeResponse))]
public sealed partial class TeamsJsonContext : JsonSerializerContext;
