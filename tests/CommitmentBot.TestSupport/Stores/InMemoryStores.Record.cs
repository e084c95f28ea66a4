using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Records;

namespace CommitmentBot.TestSupport.Stores;

// The record over the in-memory rows with Core's rules (the SQL stores are held to the same results by the storage suite).
public sealed partial class InMemoryStores
{
    private List<Commitment> InScope(RecordScope scope) => commitments.Values
        .Where(c => c.WorkspaceId == scope.WorkspaceId
            && (scope.OwnerIds is null || scope.OwnerIds.Contains(c.OwnerId))
            && (scope.CustomerKey is null || RecordScope.CustomerKeyOf(c.Customer) == scope.CustomerKey))
        .ToList();

    public Task<RecordGroups> CountAsync(RecordScope scope, RecordWindow window, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var counted = InScope(scope).Where(c => RecordRules.InPeriod(RecordFacts.Of(c), window.PreviousStart, window.End, now)).ToList();
            List<RecordGroupCounts> GroupBy(Func<Commitment, string?> key) => counted
                .GroupBy(key)
                .Select(g => new RecordGroupCounts(
                    g.Key,
                    g.Select(c => c.Customer).Where(n => n is not null).Order(StringComparer.Ordinal).FirstOrDefault(),
                    RecordRules.Tally(g.Where(c => c.DueAt >= window.Start).Select(RecordFacts.Of), now),
                    RecordRules.Tally(g.Where(c => c.DueAt < window.Start).Select(RecordFacts.Of), now)))
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToList();
            return Task.FromResult(new RecordGroups(GroupBy(c => c.OwnerId), GroupBy(c => RecordScope.CustomerKeyOf(c.Customer))));
        }
    }

    public Task<IReadOnlyList<LatenessSample>> LatenessAsync(RecordScope scope, RecordWindow window, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<LatenessSample> list = InScope(scope)
                .Where(c => c.Status == CommitmentStatus.KeptLate && c.DueAt >= window.PreviousStart && c.DueAt < window.End)
                .Select(c => new LatenessSample(c.OwnerId, c.DueAt, c.ClosedAt ?? c.DueAt, c.DueAt < window.Start))
                .ToList();
            return Task.FromResult(list);
        }
    }

    public Task<IReadOnlyList<Commitment>> SlipsAsync(RecordScope scope, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<Commitment> list = InScope(scope)
                .Where(c => c.DueAt >= start && c.DueAt < end)
                .Where(c => RecordRules.Classify(RecordFacts.Of(c), now) is RecordOutcome.Late or RecordOutcome.Missed or RecordOutcome.OverdueOpen)
                .OrderByDescending(c => (c.ClosedAt ?? now) - c.DueAt)
                .ThenBy(c => c.Id)
                .Take(limit)
                .ToList();
            return Task.FromResult(list);
        }
    }

    public Task<IReadOnlyList<RecordCounts>> WeeklyAsync(RecordScope scope, IReadOnlyList<DateTimeOffset> boundaries, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var all = InScope(scope).Select(RecordFacts.Of).ToList();
            IReadOnlyList<RecordCounts> weeks = Enumerable.Range(0, boundaries.Count - 1)
                .Select(i => RecordRules.Tally(all.Where(f => RecordRules.InPeriod(f, boundaries[i], boundaries[i + 1], now)), now))
                .ToList();
            return Task.FromResult(weeks);
        }
    }
}
