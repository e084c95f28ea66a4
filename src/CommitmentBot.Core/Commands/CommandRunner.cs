using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Time;
using NodaTime;

namespace CommitmentBot.Core.Commands;

/// <summary>
/// Runs the <c>/promise</c> grammar and button presses for every platform: resolves who is asking,
/// parses, checks permissions, changes state through the store ports and returns the reply.
/// </summary>
public sealed partial class CommandRunner(
    ICommitmentStore commitments,
    IPeopleStore people,
    IWorkspaceStore workspaces,
    IOutboxSignal outbox,
    TimeProvider clock,
    ICommitmentChangeListener changes) : IChatRequestHandler
{
    /// <summary>Creates a runner that tells nobody about changes.</summary>
    public CommandRunner(ICommitmentStore commitments, IPeopleStore people, IWorkspaceStore workspaces, IOutboxSignal outbox, TimeProvider clock)
        : this(commitments, people, workspaces, outbox, clock, NoCommitmentChangeListener.Instance)
    {
    }

    private const int MaxIdLength = 128;
    private const int MaxListed = 25;

    /// <inheritdoc />
    public async Task<OutboundMessage> HandleAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ValidId(request.WorkspaceId) || !ValidId(request.UserId))
        {
            return OutboundMessage.Problem("I couldn't tell who or where this came from, so I did nothing.");
        }

        // One reading of the clock per request: every decision below agrees on "now".
        var now = clock.GetUtcNow();
        var workspace = await EnsureWorkspaceAsync(request, cancellationToken);
        var me = await EnsureSenderAsync(request, cancellationToken);
        var context = new RequestContext(request, me, workspace, now, TimeZones.ResolveOrUtc(me.EffectiveZoneId));

        if (request.Action is { } action)
        {
            return await ClickAsync(context, action, cancellationToken);
        }

        return CommandParser.Parse(request.Text) switch
        {
            CreateCommand create => await CreateAsync(context, create, cancellationToken),
            ListCommand => await ListAsync(context, cancellationToken),
            ChangeCommand change => await ChangeAsync(context, change.Kind, change.Number, change.Why, cancellationToken),
            MoveCommand move => await MoveAsync(context, move, cancellationToken),
            TeamCommand => await TeamAsync(context, cancellationToken),
            RecordCommand record => await RecordAsync(context, record, cancellationToken),
            HelpCommand help => Help(help.Topic),
            SettingsCommand settings => await SettingsAsync(context, settings, cancellationToken),
            AdminCommand admin => await AdminAsync(context, admin, cancellationToken),
            InvalidCommand invalid => OutboundMessage.Problem(invalid.Message),
            var other => OutboundMessage.Problem($"I can't do `{other.GetType().Name}` yet."),
        };
    }

    /// <summary>Everything a use case needs to know about the request.</summary>
    private sealed record RequestContext(ChatRequest Request, Person Me, WorkspaceSettings Workspace, DateTimeOffset Now, DateTimeZone Zone)
    {
        public DueContext DueContext => new(Now, Zone, Workspace.DateOrder, Me.EffectiveWorkingHours);

        public string WorkspaceId => Request.WorkspaceId;
    }

    private static bool ValidId(string? id) => !string.IsNullOrWhiteSpace(id) && id.Length <= MaxIdLength;

    private async Task<WorkspaceSettings> EnsureWorkspaceAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var found = await workspaces.FindAsync(request.WorkspaceId, cancellationToken);
            if (found is not null)
            {
                return found;
            }

            var saved = await workspaces.SaveAsync(WorkspaceSettings.NewFor(request.WorkspaceId, request.Platform), cancellationToken);
            if (saved is not null)
            {
                return saved;
            }
        }

        throw new InvalidOperationException("The workspace's settings could not be read or created.");
    }

    private async Task<Person> EnsureSenderAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var person = await people.FindAsync(request.WorkspaceId, request.UserId, cancellationToken);
        var platformZone = request.PlatformTimeZone is { } zone && TimeZones.TryResolve(zone, out var resolved) ? resolved.Id : null;
        var name = string.IsNullOrWhiteSpace(request.UserName) ? null : request.UserName.Trim();
        if (name is { Length: > 200 })
        {
            name = name[..200];
        }

        if (person is null)
        {
            person = new Person { WorkspaceId = request.WorkspaceId, UserId = request.UserId, DisplayName = name, PlatformTimeZone = platformZone };
            await people.UpsertAsync(person, cancellationToken);
            return person;
        }

        if ((name is not null && name != person.DisplayName) || (platformZone is not null && platformZone != person.PlatformTimeZone))
        {
            person = person with
            {
                DisplayName = name ?? person.DisplayName,
                PlatformTimeZone = platformZone ?? person.PlatformTimeZone,
            };
            await people.UpsertAsync(person, cancellationToken);
        }

        return person;
    }

    private async Task<Person> FindOrCreatePersonAsync(string workspaceId, string userId, CancellationToken cancellationToken)
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

    /// <summary>The calendars the ladder needs for a commitment owned by <paramref name="owner"/>.</summary>
    private async Task<(LadderContext Ladder, Person? Manager)> LadderContextAsync(WorkspaceSettings workspace, Person owner, CancellationToken cancellationToken)
    {
        Person? manager = null;
        if (owner.ManagerId is { } managerId)
        {
            manager = await people.FindAsync(owner.WorkspaceId, managerId, cancellationToken)
                ?? new Person { WorkspaceId = owner.WorkspaceId, UserId = managerId };
        }

        var ladder = new LadderContext(
            Party(owner),
            manager is null ? null : Party(manager),
            workspace.EscalationChannelId is not null);
        return (ladder, manager);
    }

    private static LadderParty Party(Person person) =>
        new(TimeZones.ResolveOrUtc(person.EffectiveZoneId), person.EffectiveWorkingHours);

    private static string Mention(Person person) => person.Name;
}
