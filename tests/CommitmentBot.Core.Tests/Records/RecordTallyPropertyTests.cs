using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Records;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CommitmentBot.Core.Tests.Records;

/// <summary>The record's invariants over any set of promises.</summary>
[Properties(Arbitrary = [typeof(RecordArbitraries)], MaxTest = 300)]
public sealed class RecordTallyPropertyTests
{
    internal static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Property]
    public bool CountsAddUp(RecordFacts[] promises)
    {
        var counts = RecordRules.Tally(promises, Now);
        var outcomes = promises.Select(p => RecordRules.Classify(p, Now)).ToList();
        var closed = promises.Count(p => p.Status is CommitmentStatus.Kept or CommitmentStatus.KeptLate or CommitmentStatus.Missed);
        return counts.Closed == closed
            && counts.OnTime + counts.RenegotiatedInTime + counts.Late + counts.Missed == closed
            && counts.Listed == outcomes.Count(o => o != RecordOutcome.NotCounted)
            && counts.CustomerTold <= counts.RenegotiatedBeforeDue
            && counts.KeptLate <= counts.Late
            && counts.Surprises <= counts.Listed - counts.Cancelled;
    }

    [Property]
    public bool RatesStayInRange_AndAreAbsentWithoutABase(RecordFacts[] promises)
    {
        var counts = RecordRules.Tally(promises, Now);
        if (counts.Closed == 0)
        {
            return counts.OnTimeRate is null && counts.KeptWordRate is null;
        }

        return counts.OnTimeRate is >= 0 and <= 100
            && counts.KeptWordRate is >= 0 and <= 100
            && counts.KeptWordRate >= counts.OnTimeRate;
    }

    [Property]
    public bool TheSumOfTwoTalliesIsTheTallyOfBoth(RecordFacts[] a, RecordFacts[] b) =>
        RecordRules.Tally(a, Now).Plus(RecordRules.Tally(b, Now)) == RecordRules.Tally(a.Concat(b), Now);

    [Property]
    public bool CountingByStoredCode_IsTheTallyOfTheRules(RecordFacts[] promises)
    {
        // What a store does: keep the code, count the closed ones and the open ones past their due by code.
        var byCode = promises
            .Where(p => RecordRules.Classify(p, Now) != RecordOutcome.NotCounted)
            .GroupBy(p => RecordCode.Of(p))
            .Aggregate(RecordCounts.Zero, (counts, g) => RecordCode.Add(counts, g.Key, g.Count()));
        var openCodes = promises.Where(p => p.Status is not (CommitmentStatus.Kept or CommitmentStatus.KeptLate or CommitmentStatus.Missed or CommitmentStatus.Cancelled))
            .Select(p => RecordCode.Of(p));
        return byCode == RecordRules.Tally(promises, Now) && openCodes.All(c => c < RecordCode.OutcomeUnit);
    }

    [Property]
    public bool MedianOfAnEvenCount_IsTheMeanOfTheMiddleTwo(PositiveInt[] minutes)
    {
        var values = minutes.Select(m => TimeSpan.FromMinutes(m.Get % 100_000)).ToList();
        if (values.Count % 2 == 1)
        {
            values.Add(TimeSpan.FromMinutes(7));
        }

        var median = RecordLateness.Median(values);
        if (values.Count == 0)
        {
            return median is null;
        }

        var sorted = values.Order().ToList();
        var middle = (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        return Math.Abs((median!.Value - middle).Ticks) <= 1;
    }

    [Property]
    public bool MovingBeforeDueAndKeepingTheNewDate_NeverLowersKeptItsWord(RecordFacts[] others, PositiveInt daysLater, PositiveInt hoursBefore)
    {
        var first = Now.AddDays(-20);
        var newDue = first.AddDays(1 + (daysLater.Get % 9));
        var moved = new RecordFacts(CommitmentStatus.Kept, first, newDue, newDue.AddHours(-(hoursBefore.Get % 20)), 1, false, 1, false);
        var insteadLate = new RecordFacts(CommitmentStatus.KeptLate, first, first, moved.ClosedAt, 0, false, 0, false);
        var without = RecordRules.Tally(others, Now).KeptWordRate;
        var withMove = RecordRules.Tally(others.Append(moved), Now).KeptWordRate!.Value;
        var withLate = RecordRules.Tally(others.Append(insteadLate), Now).KeptWordRate!.Value;
        return withMove >= (without ?? 0) - 1e-9 && withMove >= withLate;
    }
}

/// <summary>Promises of every status, moved or not, told or not, around <see cref="RecordTallyPropertyTests.Now"/>.</summary>
public static class RecordArbitraries
{
    public static Arbitrary<RecordFacts> Facts()
    {
        var statuses = new[]
        {
            CommitmentStatus.Open, CommitmentStatus.AtRisk, CommitmentStatus.Renegotiated, CommitmentStatus.Kept,
            CommitmentStatus.KeptLate, CommitmentStatus.Missed, CommitmentStatus.Cancelled,
        };
        var gen =
            from status in Gen.Elements(statuses)
            from firstHours in Gen.Choose(-2000, 500)
            from movedHours in Gen.Choose(-50, 300)
            from moves in Gen.Choose(0, 3)
            from told in Gen.Choose(0, 3)
            from late in Gen.Elements(false, true)
            from closedHours in Gen.Choose(-100, 200)
            from surprised in Gen.Elements(false, true)
            let first = RecordTallyPropertyTests.Now.AddHours(firstHours)
            let due = moves == 0 ? first : first.AddHours(movedHours)
            let closed = due.AddHours(closedHours)
            let isClosed = status is CommitmentStatus.Kept or CommitmentStatus.KeptLate or CommitmentStatus.Missed or CommitmentStatus.Cancelled
            select new RecordFacts(
                status == CommitmentStatus.Kept && closed > due ? CommitmentStatus.KeptLate : status == CommitmentStatus.KeptLate && closed <= due ? CommitmentStatus.Kept : status,
                first,
                due,
                isClosed ? closed : null,
                moves,
                moves > 0 && late,
                Math.Min(told, moves),
                surprised);
        return gen.ToArbitrary();
    }
}
