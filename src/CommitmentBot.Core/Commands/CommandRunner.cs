using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Playbook;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Records;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Commands;

/// <summary>
/// Runs the <c>/promise</c> grammar and button presses for every platform: resolves who is asking, parses,
/// and hands the typed command to the feature that owns it. Each feature lives in its own file
/// (<see cref="MakePromise"/>, <see cref="ClosePromise"/>, <see cref="MovePromise"/>, …).
/// </summary>
public sealed class CommandRunner : IChatRequestHandler
{
    /// <summary>Longest platform id (workspace, user, channel, request key) a command accepts.</summary>
    internal const int MaxIdLength = ChatRequest.MaxIdLength;

    private readonly CommandPorts ports;
    private readonly TimeProvider clock;
    private readonly MakePromise make;
    private readonly ListPromises lists;
    private readonly ShowPromise show;
    private readonly MovePromise move;
    private readonly EditPromise edit;
    private readonly PlaybookSteps playbook;
    private readonly DeliveryRecord record;
    private readonly PersonalSettings settings;
    private readonly WorkspaceAdmin admin;
    private readonly TimeAway away;
    private readonly CapturePromise capture;

    /// <summary>
    /// Creates a runner over the store ports. What is not given comes from <paramref name="commitments"/> when it keeps it
    /// too (the record, the digest settings, "Not a promise" mutes; with no mute store that button answers that it is
    /// not available); no listener tells nobody about changes, and no links leaves the record without page links.
    /// </summary>
    public CommandRunner(
        ICommitmentStore commitments,
        IPeopleStore people,
        IWorkspaceStore workspaces,
        IOutboxSignal outbox,
        TimeProvider clock,
        ICommitmentChangeListener? changes = null,
        IRecordStore? records = null,
        IRecordLinks? links = null,
        IDigestStore? digests = null,
        INoticeMuteStore? mutes = null)
    {
        ports = new CommandPorts(commitments, people, workspaces, outbox, changes ?? NoCommitmentChangeListener.Instance);
        this.clock = clock;
        make = new MakePromise(ports);
        lists = new ListPromises(ports);
        show = new ShowPromise(ports);
        move = new MovePromise(ports);
        edit = new EditPromise(ports);
        playbook = new PlaybookSteps(ports);
        records ??= commitments as IRecordStore;
        record = new DeliveryRecord(records is null ? null : new RecordReporter(records, people, links ?? NoRecordLinks.Instance));
        settings = new PersonalSettings(ports, digests ?? commitments as IDigestStore);
        admin = new WorkspaceAdmin(ports);
        capture = new CapturePromise(make, mutes ?? commitments as INoticeMuteStore);
        away = new TimeAway(ports);
    }

    /// <inheritdoc />
    public async Task<OutboundMessage> HandleAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ValidId(request.WorkspaceId) || !ValidId(request.UserId))
        {
            return OutboundMessage.Problem("I couldn't tell who or where this came from, so I did nothing.");
        }

        // One reading of the clock per request: every decision below agrees on "now" (kept as storage keeps it).
        var now = StoredTime.Now(clock);
        var workspace = await EnsureWorkspaceAsync(request, cancellationToken);
        var me = await EnsureSenderAsync(request, cancellationToken);
        var context = new CommandContext(request, me, workspace, now, TimeZones.ResolveOrUtc(me.EffectiveZoneId));

        if (request.Action is { } action)
        {
            return await ClickAsync(context, action, cancellationToken);
        }

        return CommandParser.Parse(request.Text) switch
        {
            CreateCommand create => await make.CreateAsync(context, create, cancellationToken),
            ListCommand => await lists.MineAsync(context, cancellationToken),
            ChangeCommand change => await ChangeAsync(context, change.Kind, change.Number, change.Why, cancellationToken),
            MoveCommand moveTo => await move.MoveAsync(context, moveTo, cancellationToken),
            TeamCommand => await lists.TeamAsync(context, cancellationToken),
            ShowCommand showing => await show.ShowAsync(context, showing.Number, cancellationToken),
            RecordCommand recordOf => await record.ShowAsync(context, recordOf, cancellationToken),
            HelpCommand help => Help.For(help.Topic),
            SettingsCommand change => await settings.ApplyAsync(context, change, cancellationToken),
            AdminCommand change => await admin.ApplyAsync(context, change, cancellationToken),
            AwayCommand setAway => await away.SetAsync(context, setAway, cancellationToken),
            AwayOffCommand => await away.OffAsync(context, cancellationToken),
            ShowAwayCommand => await away.ShowAsync(context, cancellationToken),
            InvalidCommand invalid => OutboundMessage.Problem(invalid.Message),
            var other => OutboundMessage.Problem($"I can't do `{other.GetType().Name}` yet."),
        };
    }

    /// <summary>True for an id a command can use: present, and no longer than storage keeps.</summary>
    internal static bool ValidId(string? id) => !string.IsNullOrWhiteSpace(id) && id.Length <= MaxIdLength;

    private async Task<OutboundMessage> ClickAsync(CommandContext context, ChatAction action, CancellationToken cancellationToken)
    {
        if (ActionIds.TryParse(action.ActionId, out var captureVerb, out var argument))
        {
            if (captureVerb == ActionIds.Capture)
            {
                return await capture.SubmitAsync(context, action.Values, cancellationToken);
            }

            if (captureVerb == ActionIds.NotAPromise)
            {
                return await capture.NotAPromiseAsync(context, argument, cancellationToken);
            }
        }

        if (!ActionIds.TryParse(action.ActionId, out var verb, out var shortId) || !ShortId.TryParse(shortId, out var number))
        {
            return OutboundMessage.Problem("That button is not one I know; nothing changed.");
        }

        var values = action.Values;
        switch (verb)
        {
            case ActionIds.Done:
                return await ChangeAsync(context, ChangeKind.Done, number, null, cancellationToken);
            case ActionIds.Missed:
                return await ChangeAsync(context, ChangeKind.Missed, number, ButtonValues.Read(values, ActionIds.NoteInput), cancellationToken);
            case ActionIds.AtRisk:
                return await ChangeAsync(context, ChangeKind.Risk, number, ButtonValues.Read(values, ActionIds.NoteInput), cancellationToken);
            case ActionIds.MoreTime:
            case ActionIds.PlaybookPrefix + SlipPlaybook.NewDate:
                return await move.MoreTimeAsync(context, number, values, cancellationToken);
            case ActionIds.OnTrack:
                return await ports.MutateAsync(context, number, (c, _, _) => FlagRisk.OnTrack(context, c), cancellationToken);
            case ActionIds.Acknowledge:
                return await ports.MutateAsync(context, number, (c, owner, _) => ManagerEscalation.Acknowledge(context, c, owner), cancellationToken);
            case ActionIds.Snooze:
                return await ports.MutateAsync(context, number, (c, owner, _) => ManagerEscalation.Snooze(context, c, owner, values), cancellationToken);
            case ActionIds.SnoozeNudge:
                return await ports.MutateAsync(context, number, (c, _, ladder) => SnoozeNudge.Snooze(context, c, ladder, values), cancellationToken);
            case ActionIds.Undo:
                return await ports.MutateAsync(context, number, (c, _, _) => ClosePromise.Undo(context, c), cancellationToken);
            case ActionIds.Edit:
                return await edit.EditAsync(context, number, values, cancellationToken);
            case ActionIds.CustomerTold:
            case ActionIds.CustomerNotTold:
                return await ports.MutateAsync(context, number, (c, _, _) => MovePromise.CustomerTold(context, c, verb == ActionIds.CustomerTold), cancellationToken);
            default:
                if (verb.StartsWith(ActionIds.PlaybookPrefix, StringComparison.Ordinal) && SlipPlaybook.Find(verb[ActionIds.PlaybookPrefix.Length..]) is { } step)
                {
                    return await playbook.PressAsync(context, number, step, values, cancellationToken);
                }

                return OutboundMessage.Problem("That button is not one I know; nothing changed.");
        }
    }

    private Task<OutboundMessage> ChangeAsync(CommandContext context, ChangeKind kind, int number, string? why, CancellationToken cancellationToken) =>
        ports.MutateAsync(context, number, (c, owner, ladder) => kind switch
        {
            ChangeKind.Done => ClosePromise.Close(context, c, c.DueAt >= context.Now ? CommitmentStatus.Kept : CommitmentStatus.KeptLate, why),
            ChangeKind.Missed => ClosePromise.Close(context, c, CommitmentStatus.Missed, why),
            ChangeKind.Cancel => ClosePromise.Close(context, c, CommitmentStatus.Cancelled, why),
            ChangeKind.Risk => FlagRisk.AtRisk(context, c, owner, ladder, why),
            _ => CommitmentChange.ReplyOnly(OutboundMessage.Problem("Unknown change.")),
        }, cancellationToken);

    private async Task<WorkspaceSettings> EnsureWorkspaceAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var found = await ports.Workspaces.FindAsync(request.WorkspaceId, cancellationToken);
            if (found is not null)
            {
                return found;
            }

            var saved = await ports.Workspaces.SaveAsync(WorkspaceSettings.NewFor(request.WorkspaceId, request.Platform), cancellationToken);
            if (saved is not null)
            {
                return saved;
            }
        }

        throw new InvalidOperationException("The workspace's settings could not be read or created.");
    }

    private async Task<Person> EnsureSenderAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var person = await ports.People.FindAsync(request.WorkspaceId, request.UserId, cancellationToken);
        var platformZone = request.PlatformTimeZone is { } zone && TimeZones.TryResolve(zone, out var resolved) ? resolved.Id : null;
        var name = string.IsNullOrWhiteSpace(request.UserName) ? null : request.UserName.Trim();
        if (name is { Length: > 200 })
        {
            name = name[..200];
        }

        if (person is null)
        {
            person = new Person { WorkspaceId = request.WorkspaceId, UserId = request.UserId, DisplayName = name, PlatformTimeZone = platformZone };
            await ports.People.UpsertAsync(person, cancellationToken);
            return person;
        }

        if ((name is not null && name != person.DisplayName) || (platformZone is not null && platformZone != person.PlatformTimeZone))
        {
            person = person with
            {
                DisplayName = name ?? person.DisplayName,
                PlatformTimeZone = platformZone ?? person.PlatformTimeZone,
            };
            await ports.People.UpsertAsync(person, cancellationToken);
        }

        return person;
    }
}
