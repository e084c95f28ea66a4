using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Commands;

/// <summary>
/// The store ports the command features share, and the few steps every feature takes through them:
/// finding people, the ladder's calendars, and <see cref="MutateAsync"/>, which runs a pure decider
/// against the current row with optimistic retry.
/// </summary>
internal sealed class CommandPorts(
    ICommitmentStore commitments,
    IPeopleStore people,
    IWorkspaceStore workspaces,
    IOutboxSignal outbox,
    ICommitmentChangeListener changes)
{
    public ICommitmentStore Commitments => commitments;

    public IPeopleStore People => people;

    public IWorkspaceStore Workspaces => workspaces;

    public ICommitmentChangeListener Changes => changes;

    /// <summary>
    /// Loads commitment <paramref name="number"/>, lets <paramref name="decide"/> choose the change, re-plans
    /// the ladder and saves; when someone else saved first, decides again on the fresh row.
    /// </summary>
    public async Task<OutboundMessage> MutateAsync(CommandContext context, int number, CommitmentDecider decide, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var current = await commitments.FindByNumberAsync(context.WorkspaceId, number, cancellationToken);
            if (current is null)
            {
                return OutboundMessage.Problem($"I can't find {ShortId.Format(number)}. `/promise list` shows your promises.");
            }

            var owner = current.OwnerId == context.Me.UserId ? context.Me : await FindOrCreatePersonAsync(context.WorkspaceId, current.OwnerId, cancellationToken);
            var (ladder, _) = await LadderContextAsync(context.Workspace, owner, cancellationToken);
            context.CoveringFor.Clear();
            if (EscalationLadder.CoverFor(ladder.Rep, context.Now, ladder)?.UserId == context.Me.UserId)
            {
                context.CoveringFor.Add(owner.UserId);
            }

            if (ladder.Manager is { } managerParty && owner.ManagerId is { } managerId
                && managerParty.IsAwayAt(context.Now) && EscalationLadder.CoverFor(managerParty, context.Now, ladder)?.UserId == context.Me.UserId)
            {
                context.CoveringFor.Add(managerId);
            }

            var change = decide(current, owner, ladder);
            if (change.Updated is null)
            {
                return change.Reply(current);
            }

            // Every change re-plans the ladder; a change of due restarts it under the current policy.
            var updated = change.Updated.DueVersion != current.DueVersion
                ? EscalationLadder.Restart(change.Updated, context.Now, context.Workspace.Policy, ladder)
                : change.Updated.IsClosed ? change.Updated : EscalationLadder.Schedule(change.Updated, ladder);

            var saved = await commitments.UpdateAsync(updated, change.Events, change.Notifications, cancellationToken);
            if (saved is null)
            {
                continue; // someone else changed it first: decide again on the fresh row
            }

            changes.CommitmentsChanged(context.Request.Platform, context.WorkspaceId, saved.OwnerId);

            if (change.Notifications.Count > 0)
            {
                await outbox.NotificationsWrittenAsync(context.WorkspaceId, cancellationToken);
            }

            return change.Reply(saved);
        }

        return OutboundMessage.Problem($"{ShortId.Format(number)} kept changing while I tried; please try again.");
    }

    public async Task<Person> FindOrCreatePersonAsync(string workspaceId, string userId, CancellationToken cancellationToken)
    {
        var person = await people.FindAsync(workspaceId, userId, cancellationToken);
        if (person is not null)
        {
            return person;
        }

        person = new Person { WorkspaceId = workspaceId, UserId = userId };
        await people.UpsertAsync(person, cancellationToken);
        return person;
    }

    /// <summary>Sets <paramref name="rep"/>'s manager and tells those it concerns: see <see cref="ManagerChanges"/>.</summary>
    public Task ChangeManagerAsync(CommandContext context, Person rep, string? newManagerId, CancellationToken cancellationToken) =>
        new ManagerChanges(people, outbox).ChangeAsync(rep, newManagerId, context.Me.UserId, context.Now, cancellationToken);

    /// <summary>The calendars the ladder needs for a commitment owned by <paramref name="owner"/>.</summary>
    public async Task<(LadderContext Ladder, Person? Manager)> LadderContextAsync(WorkspaceSettings workspace, Person owner, CancellationToken cancellationToken)
    {
        Person? manager = null;
        if (owner.ManagerId is { } managerId)
        {
            manager = await people.FindAsync(owner.WorkspaceId, managerId, cancellationToken)
                ?? new Person { WorkspaceId = owner.WorkspaceId, UserId = managerId };
        }

        // Whoever covers for the rep or the manager (and the covers' own covers): at most two more reads, only when someone is away.
        var now = DateTimeOffset.MinValue;
        var known = new Dictionary<string, Person>(StringComparer.Ordinal) { [owner.UserId] = owner };
        if (manager is not null)
        {
            known.TryAdd(manager.UserId, manager);
        }

        for (var round = 0; round < 2; round++)
        {
            var missing = LadderParties.CoverIds(known.Values, now).Where(id => !known.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
            if (missing.Count == 0)
            {
                break;
            }

            foreach (var person in await people.FindManyAsync(owner.WorkspaceId, missing, cancellationToken))
            {
                known.TryAdd(person.UserId, person);
            }
        }

        var ladder = LadderParties.Context(owner, manager, workspace.EscalationChannelId is not null, known, now);
        return (ladder, manager);
    }
}
