using System.Globalization;
using CommitmentBot.TestSupport.Slack;
using Dapper;
using Npgsql;

namespace CommitmentBot.Benchmarks.Chaos;

/// <summary>The figures of a chaos run.</summary>
/// <param name="Kills">SIGKILLs dealt.</param>
/// <param name="KillsInSendWindow">Kills that caught an instance between the platform taking a message and the outbox recording it.</param>
/// <param name="Promises">Promises made.</param>
/// <param name="StepsExpected">Ladder steps owed: every step of every promise (nobody answers, so each ladder runs to the channel post).</param>
/// <param name="Delivered">Steps that reached the platform at least once.</param>
/// <param name="Duplicates">Extra copies of a step beyond the first.</param>
/// <param name="DuplicatesFromSendWindowKills">Of those, copies explained by a kill inside the send window (the first copy's sender died before recording it).</param>
/// <param name="Lost">Steps owed that never reached the platform.</param>
/// <param name="LongestDelay">The longest time from a step's due instant to its first copy reaching the platform.</param>
/// <param name="CommandsRepeated">Slash commands whose retry (after the first attempt's instance died) was answered as a repeat.</param>
/// <param name="CommandsLostToKills">
/// Of those, commands whose promise was never stored: the request key outlived the work it guarded. The key is stored
/// with the command's effects, so this must be 0.
/// </param>
/// <param name="Problems">Anything else wrong (misaddressed messages, commands that failed, ladders left unfinished), one line each.</param>
public sealed record ChaosReport(
    int Kills,
    int KillsInSendWindow,
    int Promises,
    int StepsExpected,
    int Delivered,
    int Duplicates,
    int DuplicatesFromSendWindowKills,
    int Lost,
    TimeSpan LongestDelay,
    int CommandsRepeated,
    int CommandsLostToKills,
    IReadOnlyList<string> Problems)
{
    /// <summary>Copies no kill inside a send window explains.</summary>
    public int UnexplainedDuplicates => Duplicates - DuplicatesFromSendWindowKills;
}

/// <summary>
/// Reads the verdict of a run: what the fake Slack received (each message names its outbox delivery in its
/// metadata, and the bot token names the instance life that sent it) against what was owed (every ladder step
/// of every promise in the database). A step is one notification row; a message counts for every notification
/// bundled into its delivery.
/// </summary>
public static class ChaosLedger
{
    /// <summary>The steps every unanswered promise goes through, in order, when the rep has a manager and the workspace a channel.</summary>
    public static readonly string[] FullLadder = ["heads_up", "due", "overdue", "manager", "channel"];

    private sealed record CommitmentRow(long Id, int Number, string OwnerId, string Status, string? LastStep, string? NextStep);

    private sealed record NotificationRow(long Id, long CommitmentId, string Step, string RecipientKind, string RecipientId, long? DeliveryId, string Status, long DeliverAt);

    private sealed record DeliveryRow(long Id, string Status, string? PlatformMessageId, long? SentAt);

    public static async Task<ChaosReport> ReadAsync(
        string connectionString,
        IReadOnlyList<PostedMessage> posts,
        IReadOnlyList<InstanceLife> lives,
        int kills,
        IReadOnlyDictionary<string, string> managerOf,
        string escalationChannel,
        IReadOnlyList<string> commandProblems,
        IReadOnlyCollection<string> repeatedTriggers)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var commitments = (await connection.QueryAsync<CommitmentRow>(
            "SELECT id, number, owner_id AS OwnerId, status, last_step AS LastStep, next_step AS NextStep FROM commitments")).ToList();
        var notifications = (await connection.QueryAsync<NotificationRow>(
            "SELECT id, commitment_id AS CommitmentId, step, recipient_kind AS RecipientKind, recipient_id AS RecipientId, delivery_id AS DeliveryId, status, deliver_at AS DeliverAt FROM notifications")).ToList();
        var deliveries = (await connection.QueryAsync<DeliveryRow>(
            "SELECT id, status, platform_message_id AS PlatformMessageId, sent_at AS SentAt FROM deliveries")).ToDictionary(d => d.Id);

        var stored = (await connection.QueryAsync<string>("SELECT client_request_id FROM commitments WHERE client_request_id IS NOT NULL")).ToHashSet(StringComparer.Ordinal);
        var commandsLost = repeatedTriggers.Count(t => !stored.Contains(t));
        var problems = new List<string>(commandProblems);
        var byDelivery = notifications.Where(n => n.DeliveryId is not null).ToLookup(n => n.DeliveryId!.Value);
        var lifeByToken = lives.ToDictionary(l => l.Token, StringComparer.Ordinal);
        var copies = new Dictionary<long, List<PostedMessage>>();
        foreach (var post in posts)
        {
            if (post.DeliveryId is not { } deliveryId || !deliveries.ContainsKey(deliveryId))
            {
                problems.Add($"a message in {post.Channel} names no delivery of this run ({post.DeliveryId?.ToString(CultureInfo.InvariantCulture) ?? "no metadata"})");
                continue;
            }

            foreach (var n in byDelivery[deliveryId])
            {
                if (!copies.TryGetValue(n.Id, out var list))
                {
                    copies[n.Id] = list = [];
                }

                list.Add(post);
                var expected = n.RecipientKind == "channel" ? n.RecipientId : "D" + n.RecipientId;
                if (post.Channel != expected)
                {
                    problems.Add($"delivery {deliveryId} ({n.Step} of commitment {n.CommitmentId}) went to {post.Channel}, not {expected}");
                }
            }
        }

        // A message whose sender was killed before the outbox recorded it: either another message id was recorded
        // for its delivery (it was sent again), or the record came after the kill (another instance found it in the
        // history). Either way the kill fell between the platform taking the message and the record.
        bool CutOff(PostedMessage p)
        {
            if (p.DeliveryId is not { } id || !deliveries.TryGetValue(id, out var d)
                || p.Token is not { } token || !lifeByToken.TryGetValue(token, out var life) || life.KilledAt is not { } killed || killed < p.ReceivedAt)
            {
                return false;
            }

            return d.PlatformMessageId != MessageId(p) || d.SentAt is null || DateTimeOffset.FromUnixTimeMilliseconds(d.SentAt.Value) > killed;
        }

        var cutOff = posts.Where(CutOff).ToList();
        var killsInSendWindow = cutOff.Select(p => p.Token).Distinct(StringComparer.Ordinal).Count();
        var orphanSet = cutOff.Where(p => deliveries[p.DeliveryId!.Value].PlatformMessageId != MessageId(p)).ToHashSet();

        var owed = 0;
        var delivered = 0;
        var duplicates = 0;
        var explained = 0;
        var lost = 0;
        var longest = TimeSpan.Zero;
        var byCommitment = notifications.ToLookup(n => n.CommitmentId);
        foreach (var c in commitments)
        {
            if (c.NextStep is not null || c.LastStep != FullLadder[^1])
            {
                problems.Add($"P-{c.Number}: the ladder did not finish (last step {c.LastStep ?? "none"}, next {c.NextStep ?? "none"})");
            }

            var expectedManager = managerOf.GetValueOrDefault(c.OwnerId);
            foreach (var step in FullLadder)
            {
                owed++;
                var rows = byCommitment[c.Id].Where(n => n.Step == step).ToList();
                if (rows.Count > 1)
                {
                    problems.Add($"P-{c.Number}: {rows.Count} notifications for the {step} step");
                }

                var recipient = step switch
                {
                    "manager" => expectedManager,
                    "channel" => escalationChannel,
                    _ => c.OwnerId,
                };
                if (rows.Count > 0 && rows[0].RecipientId != recipient)
                {
                    problems.Add($"P-{c.Number}: the {step} step was addressed to {rows[0].RecipientId}, not {recipient}");
                }

                var sent = rows.SelectMany(r => copies.GetValueOrDefault(r.Id) ?? []).OrderBy(p => p.ReceivedAt).ToList();
                if (sent.Count == 0)
                {
                    lost++;
                    problems.Add($"P-{c.Number}: the {step} step never reached Slack ({(rows.Count == 0 ? "never decided" : "notification " + rows[0].Status)})");
                    continue;
                }

                delivered++;
                duplicates += sent.Count - 1;
                explained += Math.Min(sent.Count(orphanSet.Contains), sent.Count - 1);
                var delay = sent[0].ReceivedAt - DateTimeOffset.FromUnixTimeMilliseconds(rows[0].DeliverAt);
                if (delay > longest)
                {
                    longest = delay;
                }
            }
        }

        return new ChaosReport(kills, killsInSendWindow, commitments.Count, owed, delivered, duplicates, explained, lost, longest, repeatedTriggers.Count, commandsLost, problems);
    }

    /// <summary>The id the Slack sender records for a message: channel and ts.</summary>
    private static string MessageId(PostedMessage post) => post.Channel + ":" + post.Ts;
}
