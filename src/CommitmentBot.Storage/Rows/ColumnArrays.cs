namespace CommitmentBot.Storage.Rows;

// The sweep's and the bundler's rows turned inside out, one array per column, for engines that take array
// parameters (PostgreSQL: unnest(@A, @B, ...) AS t(a, b, ...)). A batch of 500 commitments is then three
// statements instead of 1,500, which is what lets 10,000 steps falling due at once clear in well under
// two seconds. Property names are the statements' parameter names.

internal sealed class CommitmentUpdateArrays
{
    private CommitmentUpdateArrays(IReadOnlyList<CommitmentRow> rows)
    {
        Ids = [.. rows.Select(r => r.Id)];
        WorkspaceIds = [.. rows.Select(r => r.WorkspaceId)];
        Versions = [.. rows.Select(r => r.Version)];
        Texts = [.. rows.Select(r => r.Text)];
        Customers = [.. rows.Select(r => r.Customer)];
        DueAts = [.. rows.Select(r => r.DueAt)];
        OwnerIds = [.. rows.Select(r => r.OwnerId)];
        Statuses = [.. rows.Select(r => r.Status)];
        DueVersions = [.. rows.Select(r => r.DueVersion)];
        WindowStarts = [.. rows.Select(r => r.WindowStart)];
        Policies = [.. rows.Select(r => r.Policy)];
        NextSteps = [.. rows.Select(r => r.NextStep)];
        NextActionAts = [.. rows.Select(r => r.NextActionAt)];
        LastSteps = [.. rows.Select(r => r.LastStep)];
        ManagerNotifiedAts = [.. rows.Select(r => r.ManagerNotifiedAt)];
        RepRespondedAts = [.. rows.Select(r => r.RepRespondedAt)];
        ManagerAcknowledgedAts = [.. rows.Select(r => r.ManagerAcknowledgedAt)];
        RiskFlaggedAts = [.. rows.Select(r => r.RiskFlaggedAt)];
        RiskRaisedBeforeDues = [.. rows.Select(r => r.RiskRaisedBeforeDue)];
        ClosedAts = [.. rows.Select(r => r.ClosedAt)];
        SnoozedUntils = [.. rows.Select(r => r.SnoozedUntil)];
        DueZones = [.. rows.Select(r => r.DueZone)];
        RepSnoozedUntils = [.. rows.Select(r => r.RepSnoozedUntil)];
        SnoozeReasons = [.. rows.Select(r => r.SnoozeReason)];
        Surpriseds = [.. rows.Select(r => r.Surprised)];
        RecordCodes = [.. rows.Select(r => r.RecordCode)];
    }

    public int[] Surpriseds { get; }

    public int[] RecordCodes { get; }

    public long[] Ids { get; }

    public string[] WorkspaceIds { get; }

    public int[] Versions { get; }

    public string[] Texts { get; }

    public string?[] Customers { get; }

    public long[] DueAts { get; }

    public string[] OwnerIds { get; }

    public string[] Statuses { get; }

    public int[] DueVersions { get; }

    public long[] WindowStarts { get; }

    public string[] Policies { get; }

    public string?[] NextSteps { get; }

    public long?[] NextActionAts { get; }

    public string?[] LastSteps { get; }

    public long?[] ManagerNotifiedAts { get; }

    public long?[] RepRespondedAts { get; }

    public long?[] ManagerAcknowledgedAts { get; }

    public long?[] RiskFlaggedAts { get; }

    public bool[] RiskRaisedBeforeDues { get; }

    public long?[] ClosedAts { get; }

    public long?[] SnoozedUntils { get; }

    public string?[] DueZones { get; }

    public long?[] RepSnoozedUntils { get; }

    public string?[] SnoozeReasons { get; }

    public static CommitmentUpdateArrays From(IReadOnlyList<CommitmentRow> rows) => new(rows);
}

internal sealed class EventArrays
{
    private EventArrays(IReadOnlyList<CommitmentEventRow> rows)
    {
        WorkspaceIds = [.. rows.Select(r => r.WorkspaceId)];
        CommitmentIds = [.. rows.Select(r => r.CommitmentId)];
        Ats = [.. rows.Select(r => r.At)];
        ActorIds = [.. rows.Select(r => r.ActorId)];
        Kinds = [.. rows.Select(r => r.Kind)];
        Notes = [.. rows.Select(r => r.Note)];
    }

    public string[] WorkspaceIds { get; }

    public long[] CommitmentIds { get; }

    public long[] Ats { get; }

    public string[] ActorIds { get; }

    public string[] Kinds { get; }

    public string?[] Notes { get; }

    public static EventArrays From(IReadOnlyList<CommitmentEventRow> rows) => new(rows);
}

internal sealed class NotificationArrays
{
    private NotificationArrays(IReadOnlyList<NotificationRow> rows)
    {
        WorkspaceIds = [.. rows.Select(r => r.WorkspaceId)];
        CommitmentIds = [.. rows.Select(r => r.CommitmentId)];
        DueVersions = [.. rows.Select(r => r.DueVersion)];
        Steps = [.. rows.Select(r => r.Step)];
        RecipientKinds = [.. rows.Select(r => r.RecipientKind)];
        RecipientIds = [.. rows.Select(r => r.RecipientId)];
        IdempotencyKeys = [.. rows.Select(r => r.IdempotencyKey)];
        CreatedAts = [.. rows.Select(r => r.CreatedAt)];
        DeliverAts = [.. rows.Select(r => r.DeliverAt)];
    }

    public string[] WorkspaceIds { get; }

    public long[] CommitmentIds { get; }

    public int[] DueVersions { get; }

    public string[] Steps { get; }

    public string[] RecipientKinds { get; }

    public string[] RecipientIds { get; }

    public string[] IdempotencyKeys { get; }

    public long[] CreatedAts { get; }

    public long[] DeliverAts { get; }

    public static NotificationArrays From(IReadOnlyList<NotificationRow> rows) => new(rows);
}

/// <summary>A delivery the bundler created, as its set-based insert returns it (to match it back to its recipient).</summary>
internal sealed class CreatedDeliveryRow
{
    public long Id { get; set; }

    public string WorkspaceId { get; set; } = "";

    public string RecipientKind { get; set; } = "";

    public string RecipientId { get; set; } = "";
}
