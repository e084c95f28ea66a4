using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Time;
using CommitmentBot.Storage.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommitmentBot.Sandbox;

/// <summary>The sandbox's JSON API (SPEC "Sandbox"): people, say, click, inbox, channels, clock.</summary>
public static partial class SandboxApi
{
    /// <summary>The workspace every sandbox person lives in.</summary>
    public const string WorkspaceId = "sandbox";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record UserBody(string? Name, string? Zone, string? Manager, bool? Admin);

    /// <summary>
    /// A person as the page lists them. <see cref="Away"/> is their time away as <c>list</c> and <c>team</c> say it
    /// ("away until Mon 14 Dec, Raj covers", with "from Wed 9 Dec" when it has not begun), null when none is set or it
    /// is over; <see cref="AwayUntil"/> and <see cref="Cover"/> are the same in data. <see cref="CoveringFor"/> names
    /// whoever they cover for now or soon (empty when nobody).
    /// </summary>
    public sealed record UserView(string Id, string Name, string Zone, string? Manager, bool Admin)
    {
        public string? Away { get; init; }

        public DateTimeOffset? AwayUntil { get; init; }

        public string? Cover { get; init; }

        public IReadOnlyList<string> CoveringFor { get; init; } = [];
    }

    public sealed record SayBody(string? User, string? Text, string? Channel, string? RequestId);

    public sealed record ClickBody(string? User, string? MessageId, string? ActionId, Dictionary<string, string>? Values);

    public sealed record ClockBody(DateTimeOffset? To, string? Advance);

    public sealed record ReplyView(SandboxMessage Reply);

    public sealed record ClockView(DateTimeOffset Now, DateTimeOffset? Next);

    public static IEndpointRouteBuilder MapSandbox(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/sandbox/api").WithTags("Sandbox");
        api.MapGet("/users", ListUsersAsync);
        api.MapPut("/users/{id}", PutUserAsync);
        api.MapPost("/say", SayAsync);
        api.MapPost("/click", ClickAsync);
        api.MapGet("/inbox/{id}", InboxAsync);
        api.MapGet("/conversation/{id}", ConversationAsync);
        api.MapGet("/channels", ListChannelsAsync);
        api.MapGet("/channels/{name}", ChannelAsync);
        api.MapGet("/clock", ReadClockAsync);
        api.MapPost("/clock", MoveClockAsync);
        api.MapSandboxCapture();
        api.MapPost("/reset", ResetAsync);
        return app;
    }

    /// <summary>The channels that exist: the escalation channel <c>admin channel</c> named (first), then every channel posted or typed in.</summary>
    private static async Task<Ok<IReadOnlyList<SandboxChannel>>> ListChannelsAsync(IWorkspaceStore workspaces, SandboxConversations conversations, CancellationToken cancellationToken)
    {
        var settings = await workspaces.FindAsync(WorkspaceId, cancellationToken);
        return TypedResults.Ok(conversations.Channels(settings?.EscalationChannelId));
    }

    /// <summary>A channel's posts; with <c>?as=user</c>, also what that person typed there and the bot's replies to them.</summary>
    private static Results<Ok<IReadOnlyList<SandboxMessage>>, ProblemHttpResult> ChannelAsync(string name, string? @as, SandboxConversations conversations)
    {
        if (!IdPattern().IsMatch(name))
        {
            return Problem(400, "A channel name is 1–64 letters, digits, dots, dashes or underscores.");
        }

        if (@as is not null && !IdPattern().IsMatch(@as))
        {
            return Problem(400, "as: not a valid user id.");
        }

        return TypedResults.Ok(conversations.Channel(name, @as));
    }

    /// <summary>A person's whole conversation with the bot (typed, pressed, replies, direct messages), by simulated instant then arrival.</summary>
    private static async Task<Results<Ok<IReadOnlyList<SandboxMessage>>, ProblemHttpResult>> ConversationAsync(
        string id, IPeopleStore people, SandboxConversations conversations, CancellationToken cancellationToken)
    {
        if (!IdPattern().IsMatch(id) || await people.FindAsync(WorkspaceId, id, cancellationToken) is null)
        {
            return Problem(404, $"There is no user '{id}'. Add them first: PUT /sandbox/api/users/{{id}}.");
        }

        return TypedResults.Ok(conversations.Conversation(id));
    }

    /// <summary>
    /// Starts over: erases the sandbox's promises, people and settings, forgets every conversation, puts the clock
    /// back where it started and adds the starting team again.
    /// </summary>
    private static async Task<Ok<ClockView>> ResetAsync(
        WorkspaceEraser eraser, SandboxConversations conversations, SandboxClock clock, SandboxClockDriver driver, SandboxStart start,
        IPeopleStore people, IWorkspaceStore workspaces, IOutboxStore outbox, CancellationToken cancellationToken)
    {
        await driver.ResetAsync(
            async () =>
            {
                await eraser.EraseAsync(WorkspaceId, cancellationToken);
                conversations.Clear();
                clock.Reset(start.At ?? TimeProvider.System.GetUtcNow());
                await SandboxRegistration.SeedAsync(people, workspaces, cancellationToken);
            },
            cancellationToken);
        return TypedResults.Ok(await ClockViewAsync(clock, outbox, cancellationToken));
    }

    private static async Task<Ok<ClockView>> ReadClockAsync(SandboxClock clock, IOutboxStore outbox, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ClockViewAsync(clock, outbox, cancellationToken));

    /// <summary>The simulated now, and when the next scheduled thing (nudge, escalation, delivery) happens.</summary>
    private static async Task<ClockView> ClockViewAsync(SandboxClock clock, IOutboxStore outbox, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var next = await outbox.NextEventAtAsync(cancellationToken);
        return new ClockView(now, next is { } n && n > now ? n : null);
    }

    /// <summary>True for a sandbox user or channel id.</summary>
    internal static bool IsId(string text) => IdPattern().IsMatch(text);

    /// <summary>A problem answer, as every sandbox call gives one.</summary>
    internal static ProblemHttpResult ProblemOf(int status, string detail) => Problem(status, detail);

    /// <summary>Reads a JSON body; malformed JSON is a 400 that says what is wrong.</summary>
    internal static Task<(T? Body, ProblemHttpResult? Error)> ReadBodyAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class => ReadAsync<T>(request, cancellationToken);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex IdPattern();

    private static ProblemHttpResult Problem(int status, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: status switch
        {
            403 => "Forbidden",
            404 => "Not found",
            409 => "The clock is stuck",
            413 => "Body too large",
            _ => "Bad request",
        });

    /// <summary>What each body field must hold, for error messages that name the field and the fix.</summary>
    private static readonly Dictionary<string, string> FieldShapes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["admin"] = "true or false",
        ["values"] = "an object whose values are strings, e.g. {\"date\": \"2027-02-05\", \"time\": \"15:00\"}",
        ["to"] = "an ISO-8601 instant such as 2027-02-05T17:00:00Z",
        ["advance"] = "an ISO-8601 duration string such as PT2H or P1D",
    };

    /// <summary>Says what is wrong with a body System.Text.Json refused, without .NET type names.</summary>
    private static string DescribeJsonError(JsonException error)
    {
        // System.Text.Json says "could not be converted" when a value has the wrong type; anything else is broken syntax.
        var path = error.Path ?? "$";
        var wrongType = error.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal);
        if (!wrongType)
        {
            var where = error.LineNumber is { } line && error.BytePositionInLine is { } position
                ? $" (line {line + 1}, position {position + 1})"
                : "";
            return $"The body is not valid JSON{where}.";
        }

        if (path == "$")
        {
            return "The body must be a JSON object.";
        }

        // "$.values.date" or "$['values']": name the top-level field.
        var field = path.TrimStart('$').TrimStart('.').Split('.', '[')[0].Trim('\'', ']');
        var shape = FieldShapes.GetValueOrDefault(field, "a string");
        return $"{field}: must be {shape}.";
    }

    /// <summary>Reads a JSON body, turning malformed JSON into a 400 that says what is wrong.</summary>
    private static async Task<(T? Body, ProblemHttpResult? Error)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength is > 64 * 1024)
        {
            return (null, Problem(413, "The body is too large (64 KB at most)."));
        }

        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, Json, cancellationToken);
            return body is null ? (null, Problem(400, "The body must be a JSON object.")) : (body, null);
        }
        catch (JsonException ex)
        {
            return (null, Problem(400, DescribeJsonError(ex)));
        }
    }

    private static async Task<Results<Ok<IReadOnlyList<SandboxMessage>>, ProblemHttpResult>> InboxAsync(
        string id, IPeopleStore people, SandboxConversations conversations, CancellationToken cancellationToken)
    {
        if (!IdPattern().IsMatch(id) || await people.FindAsync(WorkspaceId, id, cancellationToken) is null)
        {
            return Problem(404, $"There is no user '{id}'. Add them first: PUT /sandbox/api/users/{{id}}.");
        }

        return TypedResults.Ok(conversations.Inbox(id));
    }

    private static async Task<Ok<UserView[]>> ListUsersAsync(IPeopleStore people, TimeProvider clock, CancellationToken cancellationToken)
    {
        var everyone = await people.ListAsync(WorkspaceId, 200, cancellationToken);
        var now = clock.GetUtcNow();
        var byId = everyone.ToDictionary(p => p.UserId, StringComparer.Ordinal);
        string NameOf(string id) => byId.TryGetValue(id, out var p) ? p.Name : id;
        var away = everyone.Where(p => p.Away is { } a && a.Until > now).ToList();
        return TypedResults.Ok(everyone.Select(p => View(p) with
        {
            Away = AwayText(p, p.AwayCoverId is { } cover ? NameOf(cover) : null, now),
            AwayUntil = p.Away is { } a && a.Until > now ? a.Until : null,
            Cover = p.Away is { } b && b.Until > now ? p.AwayCoverId : null,
            CoveringFor = away.Where(o => o.AwayCoverId == p.UserId).Select(o => o.Name).ToList(),
        }).ToArray());
    }

    /// <summary>"away until Mon 8 Feb, Raj covers", in the person's own zone; "(from Wed 3 Feb)" added while it is still ahead.</summary>
    private static string? AwayText(Person person, string? coverName, DateTimeOffset now)
    {
        var zone = TimeZones.ResolveOrUtc(person.EffectiveZoneId);
        if (AwayNote.Describe(person, coverName, zone, now) is not { } text)
        {
            return null;
        }

        return person.Away!.From > now
            ? $"{text} (from {TimeText.LastDay(person.Away.From.AddTicks(1), zone)})"
            : text;
    }

    /// <summary>Who changes people from the page: nobody in the workspace (the notices say "an admin").</summary>
    private const string PeoplePanel = "sandbox-people-panel";

    private static UserView View(Person p) => new(p.UserId, p.Name, p.EffectiveZoneId, p.ManagerId, p.IsAdmin);

    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> PutUserAsync(
        string id, HttpRequest request, IPeopleStore people, IOutboxSignal outbox, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!IdPattern().IsMatch(id))
        {
            return Problem(400, "A user id is 1–64 letters, digits, dots, dashes or underscores.");
        }

        var (body, error) = await ReadAsync<UserBody>(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (body!.Name is { Length: > 100 })
        {
            return Problem(400, "name: at most 100 characters.");
        }

        string? zone = null;
        if (!string.IsNullOrWhiteSpace(body.Zone))
        {
            if (!TimeZones.TryResolve(body.Zone, out var resolved))
            {
                return Problem(400, $"zone: '{body.Zone}' is not a time zone I know (an IANA name such as America/New_York, a name such as EST or CET, or an offset such as UTC+5:30).");
            }

            zone = resolved.Id;
        }

        var manager = string.IsNullOrWhiteSpace(body.Manager) ? null : body.Manager.Trim();
        if (manager is not null && (!IdPattern().IsMatch(manager) || manager == id))
        {
            return Problem(400, manager == id ? "manager: nobody can be their own manager." : "manager: not a valid user id.");
        }

        var existing = await people.FindAsync(WorkspaceId, id, cancellationToken);
        var person = (existing ?? new Person { WorkspaceId = WorkspaceId, UserId = id }) with
        {
            DisplayName = string.IsNullOrWhiteSpace(body.Name) ? existing?.DisplayName ?? id : body.Name.Trim(),
            TimeZone = zone ?? existing?.TimeZone,
            ManagerId = manager,
            IsAdmin = body.Admin ?? existing?.IsAdmin ?? false,
        };
        if (manager is not null && await people.FindAsync(WorkspaceId, manager, cancellationToken) is null)
        {
            // A mistyped id would otherwise make a phantom manager who never reads their escalations.
            return Problem(400, $"manager: there is no user '{manager}'. Add them first (or check the spelling), then save again.");
        }

        // A new manager for someone already here is a change of who reports to whom: it is told like one (issue 9.19).
        var managerChanges = existing is not null && existing.ManagerId != manager;
        await people.UpsertAsync(managerChanges ? person with { ManagerId = existing!.ManagerId } : person, cancellationToken);
        if (managerChanges)
        {
            await new ManagerChanges(people, outbox).ChangeAsync(person, manager, PeoplePanel, StoredTime.Now(clock), cancellationToken);
        }

        return TypedResults.Ok(View(person));
    }

    private static async Task<Results<Ok<ReplyView>, ProblemHttpResult>> SayAsync(
        HttpRequest request, IChatRequestHandler handler, IPeopleStore people, SandboxConversations conversations, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (body, error) = await ReadAsync<SayBody>(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (string.IsNullOrWhiteSpace(body!.User) || string.IsNullOrWhiteSpace(body.Text))
        {
            return Problem(400, "Both \"user\" and \"text\" are required.");
        }

        if (body.Text.Length > CommandParser.MaxCommandLength)
        {
            return Problem(400, $"text: at most {CommandParser.MaxCommandLength} characters.");
        }

        if (body.Channel is not null && !IdPattern().IsMatch(body.Channel))
        {
            return Problem(400, "channel: 1–64 letters, digits, dots, dashes or underscores.");
        }

        var person = IdPattern().IsMatch(body.User) ? await people.FindAsync(WorkspaceId, body.User, cancellationToken) : null;
        if (person is null)
        {
            return Problem(404, $"There is no user '{body.User}'. Add them first: PUT /sandbox/api/users/{{id}}.");
        }

        // What was typed is part of the conversation before anything it causes (its reply, a DM to the manager).
        conversations.AddSaid(person.UserId, body.Text, body.Channel, clock.GetUtcNow());
        var reply = await handler.HandleAsync(
            new ChatRequest
            {
                Platform = SandboxChatSender.PlatformName,
                WorkspaceId = WorkspaceId,
                UserId = person.UserId,
                UserName = person.DisplayName,
                Text = body.Text,
                ChannelId = body.Channel,
                IsDirectMessage = body.Channel is null,
                ClientRequestId = body.RequestId,
            },
            cancellationToken);
        return TypedResults.Ok(new ReplyView(conversations.AddReply(person.UserId, reply, clock.GetUtcNow(), body.Channel)));
    }

    private static async Task<Results<Ok<ReplyView>, ProblemHttpResult>> ClickAsync(
        HttpRequest request, IChatRequestHandler handler, IPeopleStore people, SandboxConversations conversations, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (body, error) = await ReadAsync<ClickBody>(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (string.IsNullOrWhiteSpace(body!.User) || string.IsNullOrWhiteSpace(body.MessageId) || string.IsNullOrWhiteSpace(body.ActionId))
        {
            return Problem(400, "\"user\", \"messageId\" and \"actionId\" are required.");
        }

        var person = IdPattern().IsMatch(body.User) ? await people.FindAsync(WorkspaceId, body.User, cancellationToken) : null;
        if (person is null)
        {
            return Problem(404, $"There is no user '{body.User}'.");
        }

        var message = conversations.Find(body.MessageId);
        if (message is null)
        {
            return Problem(404, $"There is no message '{body.MessageId}'.");
        }

        // A person presses buttons on what they can see: their replies, their direct messages, channel posts.
        var visible = message.To == "reply:" + person.UserId || message.To == "user:" + person.UserId || message.To.StartsWith("channel:", StringComparison.Ordinal);
        if (!visible)
        {
            return Problem(403, $"Message '{body.MessageId}' was not sent to {person.UserId}.");
        }

        if (!message.Buttons.Any(b => b.ActionId == body.ActionId))
        {
            return Problem(400, $"Message '{body.MessageId}' has no button '{body.ActionId}'.");
        }

        if (body.Values is { Count: > 20 } || body.Values?.Values.Any(v => v is { Length: > 1000 }) == true)
        {
            return Problem(400, "values: at most 20 values of 1,000 characters each.");
        }

        var values = body.Values ?? [];
        if (body.ActionId.StartsWith(Core.Messages.ActionIds.Capture + ":", StringComparison.Ordinal))
        {
            // A prefilled form: what the click leaves out is submitted as shown, like an untouched field on the page.
            values = new Dictionary<string, string>(values);
            foreach (var input in message.Buttons.First(b => b.ActionId == body.ActionId).Inputs)
            {
                if (input.Initial is not null)
                {
                    values.TryAdd(input.Id, input.Initial);
                }
            }
        }

        // A press shows where the button was: in the channel for a channel post (or a reply typed there), else with the bot.
        var channel = message.To.StartsWith("channel:", StringComparison.Ordinal) ? message.To[8..] : message.Channel;
        var button = message.Buttons.First(b => b.ActionId == body.ActionId);
        var given = body.Values is { Count: > 0 } typed ? " · " + string.Join(" · ", typed.Where(v => !string.IsNullOrWhiteSpace(v.Value)).Select(v => Shown(button, v.Key, v.Value))) : "";
        conversations.AddPressed(person.UserId, button.Label + given, channel, clock.GetUtcNow());
        var reply = await handler.HandleAsync(
            new ChatRequest
            {
                Platform = SandboxChatSender.PlatformName,
                WorkspaceId = WorkspaceId,
                UserId = person.UserId,
                UserName = person.DisplayName,
                ClientRequestId = body.ActionId.StartsWith(Core.Messages.ActionIds.Capture + ":", StringComparison.Ordinal) ? "capture-" + body.MessageId : null,
                Action = new ChatAction(body.ActionId, values, body.MessageId),
                ChannelId = message.To.StartsWith("channel:", StringComparison.Ordinal) ? message.To[8..] : null,
            },
            cancellationToken);

        // As Slack's chat.update and Teams' card update do: the playbook's checklist is replaced in place; any
        // other button that did something shows what it did in its place. A refusal leaves the button live.
        var now = clock.GetUtcNow();
        if (reply.UpdatesOriginal && conversations.Replace(message.Id, reply, now) is { } updated)
        {
            return TypedResults.Ok(new ReplyView(updated));
        }

        if (reply.Kind != MessageKind.Error)
        {
            conversations.MarkUsed(message.Id, body.ActionId, reply.Text);
        }

        return TypedResults.Ok(new ReplyView(conversations.AddReply(person.UserId, reply, now, channel)));
    }

    /// <summary>A submitted value as the person saw it: a choice's title ("1 hour" for <c>1h</c>), else the value.</summary>
    private static string Shown(SandboxButton button, string inputId, string value) =>
        button.Inputs.FirstOrDefault(i => i.Id == inputId)?.Options?.FirstOrDefault(o => o.Value == value)?.Title ?? value;

    private static async Task<Results<Ok<ClockView>, ProblemHttpResult>> MoveClockAsync(
        HttpRequest request, SandboxClock clock, SandboxClockDriver driver, IOutboxStore outbox, CancellationToken cancellationToken)
    {
        var (body, error) = await ReadAsync<ClockBody>(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var now = clock.GetUtcNow();
        DateTimeOffset target;
        if (body!.To is { } to && body.Advance is null)
        {
            target = to;
        }
        else if (body.Advance is { } advance && body.To is null)
        {
            TimeSpan span;
            try
            {
                span = XmlConvert.ToTimeSpan(advance);
            }
            catch (FormatException)
            {
                return Problem(400, $"advance: '{advance}' is not an ISO-8601 duration like PT2H or P1D.");
            }

            if (span < TimeSpan.Zero || span > TimeSpan.FromDays(366))
            {
                return Problem(400, "advance: between zero and one year.");
            }

            target = now + span;
        }
        else
        {
            return Problem(400, "Give either \"to\" (an instant) or \"advance\" (an ISO-8601 duration like PT2H).");
        }

        if (target < now)
        {
            return Problem(400, $"The clock only moves forward; it is {now:O}.");
        }

        if (target - now > TimeSpan.FromDays(366))
        {
            return Problem(400, "Move the clock at most one year at a time.");
        }

        try
        {
            await driver.AdvanceAsync(target, cancellationToken);
        }
        catch (ClockStuckException stuck)
        {
            // Said, never skipped: the clock stays at the step it could not take (the driver logged it).
            return Problem(409, $"The clock stopped at {clock.GetUtcNow():O}: a step due at {stuck.At:O} could not be taken. Nothing was skipped; the server log has the details.");
        }

        return TypedResults.Ok(await ClockViewAsync(clock, outbox, cancellationToken));
    }
}
