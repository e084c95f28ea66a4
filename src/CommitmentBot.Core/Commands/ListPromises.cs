using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Commands;

/// <summary><c>/promise list</c> (mine, soonest first) and <c>/promise team</c> (my reports', trouble first).</summary>
internal sealed class ListPromises(CommandPorts ports)
{
    /// <summary>Most promises one list shows.</summary>
    private const int MaxListed = 25;

    public async Task<OutboundMessage> MineAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var mine = await ports.Commitments.ListActiveByOwnersAsync(context.WorkspaceId, [context.Me.UserId], MaxListed + 1, cancellationToken);
        if (mine.Count == 0)
        {
            return OutboundMessage.Plain("You have no open promises. Make one: `/promise send revised quote for Acme by Friday 3pm`.", MessageKind.List);
        }

        var sections = mine.Take(MaxListed)
            .Select(c => CommitmentMessages.Section(c, context.Zone, context.Now, CommitmentMessages.RepButtons(c), CommitmentMessages.NewDateInputs(c, context.Zone)))
            .ToList();
        var headline = mine.Count > MaxListed
            ? $"Your open promises, soonest first (the first {MaxListed}; close some to see the rest):"
            : $"Your open promises, soonest first ({mine.Count}):";
        if (await AwayNoteAsync(context, context.Me, cancellationToken) is { } away)
        {
            headline = $"You're {away}. " + headline;
        }

        return new OutboundMessage(MessageKind.List, headline, sections);
    }

    public async Task<OutboundMessage> TeamAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var reports = await ports.People.ListReportsAsync(context.WorkspaceId, context.Me.UserId, cancellationToken);
        if (reports.Count == 0)
        {
            return OutboundMessage.Plain($"Nobody reports to you yet. An admin can set it: `/promise admin manager @rep @{context.Me.UserId}`.", MessageKind.List);
        }

        var names = reports.ToDictionary(p => p.UserId, p => p.Name, StringComparer.Ordinal);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var report in reports)
        {
            var away = await AwayNoteAsync(context, report, cancellationToken);
            labels[report.UserId] = away is null ? report.Name : $"{report.Name} ({away})";
        }

        var open = await ports.Commitments.ListActiveByOwnersAsync(context.WorkspaceId, names.Keys, 200, cancellationToken);
        if (open.Count == 0)
        {
            var awayNow = reports.Where(r => labels[r.UserId] != r.Name).Select(r => labels[r.UserId]).ToList();
            return OutboundMessage.Plain($"Your {reports.Count} report(s) have no open promises." + (awayNow.Count == 0 ? "" : " Away: " + string.Join("; ", awayNow) + "."), MessageKind.List);
        }

        // Overdue first, then at risk, then by due.
        var ordered = open
            .OrderBy(c => c.DueAt <= context.Now ? 0 : c.Status == CommitmentStatus.AtRisk ? 1 : 2)
            .ThenBy(c => c.DueAt)
            .ToList();
        var overdue = ordered.Count(c => c.DueAt <= context.Now);
        var atRisk = ordered.Count(c => c.Status == CommitmentStatus.AtRisk && c.DueAt > context.Now);
        var sections = ordered.Take(MaxListed)
            .Select(c => CommitmentMessages.Section(c, context.Zone, context.Now, [], owner: labels.GetValueOrDefault(c.OwnerId, c.OwnerId)))
            .ToList();
        var headline = $"Your team's open promises: {ordered.Count} ({overdue} overdue, {atRisk} at risk)"
            + (ordered.Count > MaxListed ? $"; the first {MaxListed} shown:" : ":");
        return new OutboundMessage(MessageKind.List, headline, sections);
    }

    /// <summary>"away until Mon 14 Dec, Raj covers", or null when the person is not away.</summary>
    private async Task<string?> AwayNoteAsync(CommandContext context, Person person, CancellationToken cancellationToken)
    {
        if (person.Away is not { } away || away.Until <= context.Now)
        {
            return null;
        }

        var coverName = away.CoverId is null ? null : (await ports.People.FindAsync(context.WorkspaceId, away.CoverId, cancellationToken))?.Name ?? away.CoverId;
        return TimeAway.Describe(person, coverName, context.Zone, context.Now);
    }
}
