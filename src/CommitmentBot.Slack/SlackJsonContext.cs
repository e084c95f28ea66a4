using System.Text.Json.Serialization;
using CommitmentBot.Slack.Api;
using CommitmentBot.Slack.BlockKit;
using CommitmentBot.Slack.Inbound;

namespace CommitmentBot.Slack;

/// <summary>
/// Source-generated JSON for everything this adapter reads and writes: no reflection on the request
/// path. Slack's field names are snake_case; nulls are left out.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(SlackMessage))]
[JsonSerializable(typeof(SlackView))]
[JsonSerializable(typeof(ModalSpec))]
[JsonSerializable(typeof(ModalState))]
[JsonSerializable(typeof(SlackResponse))]
[JsonSerializable(typeof(UsersProfileResponse))]
[JsonSerializable(typeof(PermalinkResponse))]
[JsonSerializable(typeof(UploadUrlResponse))]
[JsonSerializable(typeof(CompleteUploadRequest))]
[JsonSerializable(typeof(ConversationInfoResponse))]
[JsonSerializable(typeof(TeamInfoResponse))]
[JsonSerializable(typeof(ConnectionsOpenResponse))]
[JsonSerializable(typeof(PostMessageResponse))]
[JsonSerializable(typeof(ConversationsOpenResponse))]
[JsonSerializable(typeof(HistoryResponse))]
[JsonSerializable(typeof(UsersInfoResponse))]
[JsonSerializable(typeof(AuthTestResponse))]
[JsonSerializable(typeof(OAuthAccessResponse))]
[JsonSerializable(typeof(ViewResponse))]
[JsonSerializable(typeof(PostMessageRequest))]
[JsonSerializable(typeof(UpdateMessageRequest))]
[JsonSerializable(typeof(PostEphemeralRequest))]
[JsonSerializable(typeof(ConversationsOpenRequest))]
[JsonSerializable(typeof(ViewsOpenRequest))]
[JsonSerializable(typeof(ViewsPublishRequest))]
[JsonSerializable(typeof(DeliveryPayload))]
[JsonSerializable(typeof(InteractionPayload))]
[JsonSerializable(typeof(EventEnvelope))]
[JsonSerializable(typeof(CommandResponse))]
[JsonSerializable(typeof(ChallengeResponse))]
[JsonSerializable(typeof(ViewErrorsResponse))]
internal sealed partial class SlackJsonContext : JsonSerializerContext;
