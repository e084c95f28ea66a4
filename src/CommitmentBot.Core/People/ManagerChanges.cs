using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.People;

/// <summary>
/// Changes who a rep reports to, whatever asks for it (<c>settings manager</c>, <c>admin manager</c>, the CSV import,
/// the sandbox's people panel), and tells, through the outbox, the old manager, the new one, the admins and the rep,
/// each inside their working hours, except whoever made the change: they have the reply (issue 9.19).
/// </summary>
public sealed class ManagerChanges(IPeopleStore people, IOutboxSignal outbox)
{
    /// <summary>
    /// Sets <paramref name="rep"/>'s manager to <paramref name="newManagerId"/> (null: none). Nothing is told when nothing
    /// changed, or when the same change was already made (a retried request): the store changes the manager only if it
    /// is still the one read here. Returns true when the manager changed.
    /// </summary>
    public async Task<bool> ChangeAsync(Person rep, string? newManagerId, string changedById, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rep);
        var stored = await people.FindAsync(rep.WorkspaceId, rep.UserId, cancellationToken);
        if (stored is null)
        {
            await people.UpsertAsync(rep, cancellationToken);
            stored = rep;
        }

        var oldManagerId = stored.ManagerId;
        if (oldManagerId == newManagerId)
        {
            return false;
        }

        if (people is not IManagerChangeStore changes)
        {
            // A store that keeps no changes (a test double) still sets the manager.
            await people.UpsertAsync(stored with { ManagerId = newManagerId }, cancellationToken);
            return true;
        }

        var recipients = new[] { oldManagerId, newManagerId, rep.UserId }.OfType<string>().ToList();
        recipients.AddRange((await people.ListAdminsAsync(rep.WorkspaceId, cancellationToken)).Select(a => a.UserId));
        var told = recipients.Distinct(StringComparer.Ordinal).Where(id => id != changedById).ToList();
        var known = (await people.FindManyAsync(rep.WorkspaceId, told, cancellationToken)).ToDictionary(p => p.UserId, StringComparer.Ordinal);
        var notices = told.Select(id =>
        {
            var person = known.GetValueOrDefault(id) ?? new Person { WorkspaceId = rep.WorkspaceId, UserId = id };
            return new ManagerChangeNotice(id, WorkingCalendar.NextWorkingInstant(now, TimeZones.ResolveOrUtc(person.EffectiveZoneId), person.EffectiveWorkingHours));
        }).ToList();

        var change = new ManagerChange(rep.WorkspaceId, rep.UserId, oldManagerId, newManagerId, changedById, now);
        if (!await changes.ChangeManagerAsync(change, notices, cancellationToken))
        {
            return false;
        }

        if (notices.Count > 0)
        {
            await outbox.NotificationsWrittenAsync(rep.WorkspaceId, cancellationToken);
        }

        return true;
    }
}
