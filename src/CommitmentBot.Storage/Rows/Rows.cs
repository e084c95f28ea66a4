namespace CommitmentBot.Storage.Rows;

// Rows exactly as stored: instants as epoch milliseconds, enums as their storage names, the policy as
// JSON. Dapper reads them by column (snake_case, see RowTypeMaps) and binds them as parameters by
// property name. They never leave the Storage assembly; the stores map them to Core's records.

internal sealed class CommitmentRow
{
    public long Id { get; set; }

    public string WorkspaceId { get; set; } = "";

    public int Number { get; set; }

    public string Text { get; set; } = "";

    public string? Customer { get; set; }

    public long DueAt { get; set; }

    public long CreatedAt { get; set; }

    public string OwnerId { get; set; } = "";

    public string CreatedById { get; set; } = "";

    public string Status { get; set; } = "";

    public int DueVersion { get; set; }

    public long WindowStart { get; set; }

    public string Policy { get; set; } = "";

    public string? NextStep { get; set; }

    public long? NextActionAt { get; set; }

    public string? LastStep { get; set; }

    public long? ManagerNotifiedAt { get; set; }

    public long? RepRespondedAt { get; set; }

    public long? ManagerAcknowledgedAt { get; set; }

    public long? SnoozedUntil { get; set; }

    public string? DueZone { get; set; }

    public long? RepSnoozedUntil { get; set; }

    public string? SnoozeReason { get; set; }

    public string? SourceLink { get; set; }

    public long? RiskFlaggedAt { get; set; }

    public bool RiskRaisedBeforeDue { get; set; }

    public long? ClosedAt { get; set; }

    public string? ClientRequestId { get; set; }

    public int Version { get; set; }

    public long? FirstDueAt { get; set; }

    public int MoveCount { get; set; }

    // 0/1 on every engine (an integer column, so the record's SQL compares it the same way everywhere).
    public int MovedLate { get; set; }

    public int MovesTold { get; set; }

    public int ToldVersion { get; set; }

    public int Surprised { get; set; }

    // Where the promise stands in the record (Core's RecordCode), worked out whenever it is written.
    public int RecordCode { get; set; }

    // The customer folded to lower case: the record groups customers case-insensitively on an index.
    public string? CustomerKey { get; set; }
}

internal sealed class CommitmentEventRow
{
    public long Id { get; set; }

    public string WorkspaceId { get; set; } = "";

    public long CommitmentId { get; set; }

    public long At { get; set; }

    public string ActorId { get; set; } = "";

    public string Kind { get; set; } = "";

    public string? Note { get; set; }
}

internal sealed class NotificationRow
{
    public string WorkspaceId { get; set; } = "";

    public long CommitmentId { get; set; }

    public int DueVersion { get; set; }

    public string Step { get; set; } = "";

    public string RecipientKind { get; set; } = "";

    public string RecipientId { get; set; } = "";

    public string IdempotencyKey { get; set; } = "";

    public long CreatedAt { get; set; }

    public long DeliverAt { get; set; }
}

internal class PersonRow
{
    public string WorkspaceId { get; set; } = "";

    public string UserId { get; set; } = "";

    public string? DisplayName { get; set; }

    public string? TimeZone { get; set; }

    public string? PlatformTimeZone { get; set; }

    public string? WorkingHours { get; set; }

    public string? ManagerId { get; set; }

    public bool IsAdmin { get; set; }

    public long? AwayFrom { get; set; }

    public long? AwayUntil { get; set; }

    public string? AwayCoverId { get; set; }

    public long UpdatedAt { get; set; }
}

internal sealed class WorkspaceRow
{
    public string WorkspaceId { get; set; } = "";

    public string Platform { get; set; } = "";

    public string? EscalationChannelId { get; set; }

    public string DateOrder { get; set; } = "";

    public string Policy { get; set; } = "";

    public long? AdminToldNoManagerAt { get; set; }

    public long? AdminToldNoChannelAt { get; set; }

    public int Version { get; set; }

    public long UpdatedAt { get; set; }
}

internal sealed class InstallationRow
{
    public string Platform { get; set; } = "";

    public string WorkspaceId { get; set; } = "";

    public string? EnterpriseId { get; set; }

    public string? TeamName { get; set; }

    public string? BotUserId { get; set; }

    public string? AppId { get; set; }

    public string BotTokenProtected { get; set; } = "";

    public string? Scopes { get; set; }

    public long InstalledAt { get; set; }

    public long UpdatedAt { get; set; }
}

internal sealed class ConversationReferenceRow
{
    public string WorkspaceId { get; set; } = "";

    public string RefKind { get; set; } = "";

    public string RefKey { get; set; } = "";

    public string ServiceUrl { get; set; } = "";

    public string ConversationId { get; set; } = "";

    public string? TenantId { get; set; }

    public string? BotId { get; set; }

    public string? AadObjectId { get; set; }

    public long UpdatedAt { get; set; }
}

internal sealed class DeliveryRow
{
    public long Id { get; set; }

    public string WorkspaceId { get; set; } = "";

    public string RecipientKind { get; set; } = "";

    public string RecipientId { get; set; } = "";

    public string Status { get; set; } = "";

    public int Attempts { get; set; }

    public long NotBefore { get; set; }

    public long? SendingSince { get; set; }

    public long? SentAt { get; set; }

    public string? PlatformMessageId { get; set; }

    public string? LastError { get; set; }

    public long CreatedAt { get; set; }

    public string? DigestWeek { get; set; }
}

internal sealed class PendingNotificationRow
{
    public long Id { get; set; }

    public string WorkspaceId { get; set; } = "";

    public string RecipientKind { get; set; } = "";

    public string RecipientId { get; set; } = "";
}

internal sealed class OutboxNotificationRow
{
    public long Id { get; set; }

    public long? CommitmentId { get; set; }

    public long? ManagerChangeId { get; set; }

    public string? ChangeWorkspaceId { get; set; }

    public string? RepId { get; set; }

    public string? OldManagerId { get; set; }

    public string? NewManagerId { get; set; }

    public string? ChangedById { get; set; }

    public long? ChangedAt { get; set; }

    public int DueVersion { get; set; }

    public string Step { get; set; } = "";

    public long CreatedAt { get; set; }

    public long DeliverAt { get; set; }
}

// One group's counts from a record statement (SUMs come back as bigint on PostgreSQL, int elsewhere).
internal sealed class RecordCodeRow
{
    public string OwnerId { get; set; } = "";

    public string? CustomerKey { get; set; }

    public string? Label { get; set; }

    public int Previous { get; set; }

    public int Week { get; set; }

    public int Code { get; set; }

    public long N { get; set; }
}

internal sealed class LatenessRow
{
    public string OwnerId { get; set; } = "";

    public long DueAt { get; set; }

    public long? ClosedAt { get; set; }

    public int Previous { get; set; }
}

// A person read with their digest switch and whether anyone reports to them (SharedSql.FindDigestRecipient).
internal sealed class DigestRecipientRow : PersonRow
{
    public int DigestEnabled { get; set; }

    public int HasReports { get; set; }
}
