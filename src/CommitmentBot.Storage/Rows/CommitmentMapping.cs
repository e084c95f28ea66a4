using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Ports;

namespace CommitmentBot.Storage.Rows;

internal static class CommitmentMapping
{
    public static CommitmentRow ToRow(Commitment commitment)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        ColumnLimits.CheckRequired(commitment.WorkspaceId, ColumnLimits.Id, "Workspace id");
        ColumnLimits.CheckRequired(commitment.Text, ColumnLimits.CommitmentText, "Commitment text");
        ColumnLimits.Check(commitment.Customer, ColumnLimits.Customer, "Customer");
        ColumnLimits.CheckRequired(commitment.OwnerId, ColumnLimits.Id, "Owner id");
        ColumnLimits.CheckRequired(commitment.CreatedById, ColumnLimits.Id, "Creator id");
        ColumnLimits.Check(commitment.ClientRequestId, ColumnLimits.Id, "Client request id");
        ColumnLimits.Check(commitment.DueZone, ColumnLimits.TimeZone, "Due zone");
        ColumnLimits.Check(commitment.SnoozeReason, ColumnLimits.SnoozeReason, "Snooze reason");
        ColumnLimits.Check(commitment.SourceLink, ColumnLimits.SourceLink, "Source link");

        return new CommitmentRow
        {
            Id = commitment.Id,
            WorkspaceId = commitment.WorkspaceId,
            Number = commitment.Number,
            Text = commitment.Text,
            Customer = commitment.Customer,
            DueAt = EpochMilliseconds.From(commitment.DueAt),
            CreatedAt = EpochMilliseconds.From(commitment.CreatedAt),
            OwnerId = commitment.OwnerId,
            CreatedById = commitment.CreatedById,
            Status = commitment.Status.ToName(),
            DueVersion = commitment.DueVersion,
            WindowStart = EpochMilliseconds.From(commitment.WindowStart),
            Policy = PolicyJson.Serialize(commitment.Policy),
            NextStep = commitment.NextStep?.ToName(),
            NextActionAt = EpochMilliseconds.From(commitment.NextActionAt),
            LastStep = commitment.LastStep?.ToName(),
            ManagerNotifiedAt = EpochMilliseconds.From(commitment.ManagerNotifiedAt),
            RepRespondedAt = EpochMilliseconds.From(commitment.RepRespondedAt),
            ManagerAcknowledgedAt = EpochMilliseconds.From(commitment.ManagerAcknowledgedAt),
            SnoozedUntil = EpochMilliseconds.From(commitment.SnoozedUntil),
            DueZone = commitment.DueZone,
            RepSnoozedUntil = EpochMilliseconds.From(commitment.RepSnoozedUntil),
            SnoozeReason = commitment.SnoozeReason,
            SourceLink = commitment.SourceLink,
            RiskFlaggedAt = EpochMilliseconds.From(commitment.RiskFlaggedAt),
            RiskRaisedBeforeDue = commitment.RiskRaisedBeforeDue,
            ClosedAt = EpochMilliseconds.From(commitment.ClosedAt),
            ClientRequestId = commitment.ClientRequestId,
            Version = commitment.Version,
            FirstDueAt = EpochMilliseconds.From(commitment.FirstDueAt),
            MoveCount = commitment.MoveCount,
            MovedLate = commitment.MovedLate ? 1 : 0,
            MovesTold = commitment.MovesTold,
            ToldVersion = commitment.ToldVersion,
            Surprised = commitment.Surprised ? 1 : 0,
            CustomerKey = CustomerKeyOf(commitment.Customer),
            RecordCode = Core.Records.RecordCode.Of(Core.Records.RecordFacts.Of(commitment)),
        };
    }

    public static Commitment ToCommitment(CommitmentRow row) => new()
    {
        Id = row.Id,
        WorkspaceId = row.WorkspaceId,
        Number = row.Number,
        Text = row.Text,
        Customer = row.Customer,
        DueAt = EpochMilliseconds.ToInstant(row.DueAt),
        CreatedAt = EpochMilliseconds.ToInstant(row.CreatedAt),
        OwnerId = row.OwnerId,
        CreatedById = row.CreatedById,
        Status = CommitmentStatusNames.Parse(row.Status),
        DueVersion = row.DueVersion,
        WindowStart = EpochMilliseconds.ToInstant(row.WindowStart),
        Policy = PolicyJson.Deserialize(row.Policy),
        NextStep = row.NextStep is null ? null : LadderStepNames.Parse(row.NextStep),
        NextActionAt = EpochMilliseconds.ToInstant(row.NextActionAt),
        LastStep = row.LastStep is null ? null : LadderStepNames.Parse(row.LastStep),
        ManagerNotifiedAt = EpochMilliseconds.ToInstant(row.ManagerNotifiedAt),
        RepRespondedAt = EpochMilliseconds.ToInstant(row.RepRespondedAt),
        ManagerAcknowledgedAt = EpochMilliseconds.ToInstant(row.ManagerAcknowledgedAt),
        SnoozedUntil = EpochMilliseconds.ToInstant(row.SnoozedUntil),
        DueZone = row.DueZone,
        RepSnoozedUntil = EpochMilliseconds.ToInstant(row.RepSnoozedUntil),
        SnoozeReason = row.SnoozeReason,
        SourceLink = row.SourceLink,
        RiskFlaggedAt = EpochMilliseconds.ToInstant(row.RiskFlaggedAt),
        RiskRaisedBeforeDue = row.RiskRaisedBeforeDue,
        ClosedAt = EpochMilliseconds.ToInstant(row.ClosedAt),
        ClientRequestId = row.ClientRequestId,
        Version = row.Version,
        FirstDueAt = EpochMilliseconds.ToInstant(row.FirstDueAt),
        MoveCount = row.MoveCount,
        MovedLate = row.MovedLate != 0,
        MovesTold = row.MovesTold,
        ToldVersion = row.ToldVersion,
        Surprised = row.Surprised != 0,
    };

    /// <summary>How the record groups a customer name: trimmed and in lower case (null for none).</summary>
    public static string? CustomerKeyOf(string? customer) => Core.Ports.RecordScope.CustomerKeyOf(customer);

    /// <summary>
    /// An event of commitment <paramref name="commitmentId"/>. An event may leave its commitment id 0 (the store fills it
    /// in); one that names another workspace or commitment is a programming error.
    /// </summary>
    public static CommitmentEventRow ToRow(CommitmentEvent commitmentEvent, string workspaceId, long commitmentId)
    {
        ArgumentNullException.ThrowIfNull(commitmentEvent);
        if (!string.Equals(commitmentEvent.WorkspaceId, workspaceId, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"An event for workspace '{commitmentEvent.WorkspaceId}' cannot be stored with a commitment of workspace '{workspaceId}'.",
                nameof(commitmentEvent));
        }

        if (commitmentEvent.CommitmentId != 0 && commitmentEvent.CommitmentId != commitmentId)
        {
            throw new ArgumentException(
                $"An event of commitment {commitmentEvent.CommitmentId} cannot be stored with commitment {commitmentId}.",
                nameof(commitmentEvent));
        }

        ColumnLimits.Check(commitmentEvent.Kind, ColumnLimits.EventKind, "Event kind");
        ColumnLimits.Check(commitmentEvent.ActorId, ColumnLimits.Id, "Event actor id");
        ColumnLimits.Check(commitmentEvent.Note, ColumnLimits.Note, "Event note");

        // A null actor or kind is left for the database's NOT NULL to refuse, inside the transaction.
        return new CommitmentEventRow
        {
            WorkspaceId = workspaceId,
            CommitmentId = commitmentId,
            At = EpochMilliseconds.From(commitmentEvent.At),
            ActorId = commitmentEvent.ActorId,
            Kind = commitmentEvent.Kind,
            Note = commitmentEvent.Note,
        };
    }

    public static CommitmentEvent ToEvent(CommitmentEventRow row) =>
        new(row.WorkspaceId, row.CommitmentId, EpochMilliseconds.ToInstant(row.At), row.ActorId, row.Kind, row.Note) { Id = row.Id };

    public static NotificationRow ToRow(NewNotification notification, string workspaceId, long commitmentId)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (!string.Equals(notification.WorkspaceId, workspaceId, StringComparison.Ordinal) || notification.CommitmentId != commitmentId)
        {
            throw new ArgumentException(
                $"A notification for commitment {notification.CommitmentId} of workspace '{notification.WorkspaceId}' "
                + $"cannot be written with commitment {commitmentId} of workspace '{workspaceId}'.",
                nameof(notification));
        }

        ColumnLimits.CheckRequired(notification.RecipientId, ColumnLimits.Id, "Notification recipient id");
        var key = notification.IdempotencyKey;
        ColumnLimits.Check(key, ColumnLimits.IdempotencyKey, "Notification idempotency key");

        return new NotificationRow
        {
            WorkspaceId = workspaceId,
            CommitmentId = commitmentId,
            DueVersion = notification.DueVersion,
            Step = notification.Step.ToName(),
            RecipientKind = StorageNames.ToName(notification.RecipientKind),
            RecipientId = notification.RecipientId,
            IdempotencyKey = key,
            CreatedAt = EpochMilliseconds.From(notification.CreatedAt),
            DeliverAt = EpochMilliseconds.From(notification.DeliverAt),
        };
    }
}
