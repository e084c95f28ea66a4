using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.Storage.Stores;
using CommitmentBot.Storage.Tests.Databases;
using Microsoft.Extensions.Time.Testing;

namespace CommitmentBot.Storage.Tests.Contracts;

/// <summary>Migration 0007: a person's time away and cover, a rep's snooze and the snooze reason, on every engine.</summary>
public abstract class AwayStorageTests(DatabaseFixture database)
{
    private readonly FakeTimeProvider time = new(Samples.Now);

    private PeopleStore People => new(database.Connections, time);

    private CommitmentStore Commitments => new(database.Connections);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Person_KeepsTheirTimeAwayAndCover_AndLosesItWhenCleared()
    {
        var ws = Samples.NewWorkspace();
        var away = new Person
        {
            WorkspaceId = ws,
            UserId = "ana",
            DisplayName = "Ana",
            AwayFrom = Samples.Ms(Samples.Now),
            AwayUntil = Samples.Ms(Samples.Now.AddDays(5)),
            AwayCoverId = "raj",
        };

        await People.UpsertAsync(away, Ct);
        Assert.Equal(away, await People.FindAsync(ws, "ana", Ct));
        Assert.Equal(new Absence(away.AwayFrom!.Value, away.AwayUntil!.Value, "raj"), (await People.FindAsync(ws, "ana", Ct))!.Away);

        // Read in bulk with everyone else, as the sweep does.
        await People.UpsertAsync(new Person { WorkspaceId = ws, UserId = "raj" }, Ct);
        var many = await People.FindManyAsync(ws, ["ana", "raj"], Ct);
        Assert.Equal("raj", many.Single(p => p.UserId == "ana").AwayCoverId);
        Assert.Null(many.Single(p => p.UserId == "raj").Away);

        var back = away with { AwayFrom = null, AwayUntil = null, AwayCoverId = null };
        await People.UpsertAsync(back, Ct);
        Assert.Equal(back, await People.FindAsync(ws, "ana", Ct));
    }

    [Fact]
    public async Task Person_WithAHalfSetOrBackwardsAbsence_IsRefused_AndNothingIsWritten()
    {
        var ws = Samples.NewWorkspace();
        var person = new Person { WorkspaceId = ws, UserId = "ana" };
        await Assert.ThrowsAsync<ArgumentException>(() => People.UpsertAsync(person with { AwayFrom = Samples.Now }, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => People.UpsertAsync(person with { AwayFrom = Samples.Now, AwayUntil = Samples.Now.AddDays(-1) }, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => People.UpsertAsync(person with { AwayCoverId = new string('x', 129) }, Ct));
        Assert.Null(await People.FindAsync(ws, "ana", Ct));
    }

    [Fact]
    public async Task Commitment_KeepsTheRepsSnoozeAndTheReason()
    {
        var ws = Samples.NewWorkspace();
        var (c, _) = await Commitments.CreateAsync(Samples.Draft(ws), Samples.Created(ws), Ct);
        var snoozed = c with { RepSnoozedUntil = Samples.Ms(Samples.Now.AddHours(1)), SnoozeReason = "waiting on legal — “sign-off”" };

        var saved = await Commitments.UpdateAsync(snoozed, [Samples.Event(c, CommitmentEventKinds.Snoozed, "nudge until …: waiting on legal")], [], Ct);

        Assert.Equal(snoozed with { Version = c.Version + 1 }, saved);
        Assert.Equal(saved, await Commitments.FindAsync(ws, c.Id, Ct));
        Assert.Contains(await Commitments.HistoryAsync(ws, c.Id, Ct), e => e.Kind == CommitmentEventKinds.Snoozed);
        await Assert.ThrowsAsync<ArgumentException>(() => Commitments.UpdateAsync(saved! with { SnoozeReason = new string('x', 201) }, [], [], Ct));
    }

    [Fact]
    public async Task SnoozedNudge_ComingBackTwice_IsTwoNotifications_WhileARepeatIsOne()
    {
        var ws = Samples.NewWorkspace();
        var (c, _) = await Commitments.CreateAsync(Samples.Draft(ws), Samples.Created(ws), Ct);
        NewNotification Reminder(DateTimeOffset until) =>
            new(ws, c.Id, c.DueVersion, LadderStepKind.RepReminder, RecipientKind.User, "U1", Samples.Now, until) { Occurrence = until };

        var first = Reminder(Samples.Ms(Samples.Now.AddHours(1)));
        var saved = await Commitments.UpdateAsync(c, [], [first, first], Ct);
        saved = await Commitments.UpdateAsync(saved!, [], [Reminder(Samples.Ms(Samples.Now.AddHours(2))), first], Ct);

        Assert.NotNull(saved);
        Assert.Equal(2, await database.Connections.QuerySingleOrDefaultAsync<int>(
            "SELECT COUNT(*) FROM notifications WHERE step = 'rep_reminder' AND workspace_id = @Ws", new { Ws = ws }, Ct));
    }
}
