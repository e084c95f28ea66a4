using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Records;

namespace CommitmentBot.Core.Ports;

/// <summary>Whose promises a record covers, inside one workspace.</summary>
/// <param name="WorkspaceId">The workspace (every query is scoped to it).</param>
/// <param name="OwnerIds">The reps whose promises count; null for the whole workspace (an admin's view).</param>
/// <param name="CustomerKey">Only this customer (lower case, see <see cref="CustomerKeyOf"/>), or null for every customer.</param>
public sealed record RecordScope(string WorkspaceId, IReadOnlyCollection<string>? OwnerIds, string? CustomerKey = null)
{
    /// <summary>How a customer name is grouped: trimmed, in lower case (null for none).</summary>
    public static string? CustomerKeyOf(string? customer) =>
        string.IsNullOrWhiteSpace(customer) ? null : customer.Trim().ToLowerInvariant();
}

/// <summary>The counts of one group in the period and in the previous one.</summary>
/// <param name="Key">The rep's user id or the customer key (null = no customer).</param>
/// <param name="Label">A customer name as written on one of its promises, for display.</param>
/// <param name="Current">This period.</param>
/// <param name="Previous">The previous period of equal length.</param>
public sealed record RecordGroupCounts(string? Key, string? Label, RecordCounts Current, RecordCounts Previous);

/// <summary>A record's counts both ways, from one pass over the promises.</summary>
/// <param name="ByOwner">One group per rep, by user id.</param>
/// <param name="ByCustomer">One group per customer (case-insensitive; null key = "no customer").</param>
public sealed record RecordGroups(IReadOnlyList<RecordGroupCounts> ByOwner, IReadOnlyList<RecordGroupCounts> ByCustomer);

/// <summary>One kept-late promise: the median lateness is taken over these.</summary>
/// <param name="OwnerId">The rep (whose working hours count).</param>
/// <param name="DueAt">The due in force.</param>
/// <param name="ClosedAt">When it was kept.</param>
/// <param name="Previous">True when it belongs to the previous period.</param>
public sealed record LatenessSample(string OwnerId, DateTimeOffset DueAt, DateTimeOffset ClosedAt, bool Previous);

/// <summary>The delivery record, counted by the store (SQL on every engine: promises are never loaded to be counted).</summary>
public interface IRecordStore
{
    /// <summary>Counts of the period and the previous one, per rep and per customer.</summary>
    Task<RecordGroups> CountAsync(RecordScope scope, RecordWindow window, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The kept-late promises of both periods (due and close only).</summary>
    Task<IReadOnlyList<LatenessSample>> LatenessAsync(RecordScope scope, RecordWindow window, CancellationToken cancellationToken);

    /// <summary>The period's slips (late, missed, overdue and still open), the latest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<Commitment>> SlipsAsync(RecordScope scope, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Counts per week between consecutive <paramref name="boundaries"/> (13 instants: 12 weeks).</summary>
    Task<IReadOnlyList<RecordCounts>> WeeklyAsync(RecordScope scope, IReadOnlyList<DateTimeOffset> boundaries, DateTimeOffset now, CancellationToken cancellationToken);
}
