using CommitmentBot.Core.Capture;
using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Time;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommitmentBot.Sandbox;

/// <summary>
/// The sandbox's side of SPEC's "Capture where the promise is made" and "Noticing promises":
/// <c>POST /sandbox/api/post</c> (an ordinary channel message, what noticing reads; a noticed promise's note goes to
/// the author's inbox) and <c>POST /sandbox/api/shortcut</c> ("Track as a promise" on a message: the prefilled form).
/// </summary>
public static class SandboxCaptureApi
{
    public sealed record PostBody(string? User, string? Channel, string? Text);

    public sealed record ShortcutBody(string? User, string? MessageId);

    public static RouteGroupBuilder MapSandboxCapture(this RouteGroupBuilder api)
    {
        api.MapPost("/post", PostAsync);
        api.MapPost("/shortcut", ShortcutAsync);
        return api;
    }

    private static async Task<Results<Ok<SandboxMessage>, ProblemHttpResult>> PostAsync(
        HttpRequest request, IPeopleStore people, SandboxConversations conversations, PromiseNoticer noticer, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (body, error) = await SandboxApi.ReadBodyAsync<PostBody>(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (string.IsNullOrWhiteSpace(body!.User) || string.IsNullOrWhiteSpace(body.Channel) || string.IsNullOrWhiteSpace(body.Text))
        {
            return SandboxApi.ProblemOf(400, "\"user\", \"channel\" and \"text\" are required.");
        }

        if (!SandboxApi.IsId(body.Channel))
        {
            return SandboxApi.ProblemOf(400, "channel: 1–64 letters, digits, dots, dashes or underscores.");
        }

        if (body.Text.Length > CommandParser.MaxCommandLength)
        {
            return SandboxApi.ProblemOf(400, $"text: at most {CommandParser.MaxCommandLength} characters.");
        }

        var person = SandboxApi.IsId(body.User) ? await people.FindAsync(SandboxApi.WorkspaceId, body.User, cancellationToken) : null;
        if (person is null)
        {
            return SandboxApi.ProblemOf(404, $"There is no user '{body.User}'. Add them first: PUT /sandbox/api/users/{{id}}.");
        }

        var now = clock.GetUtcNow();
        var posted = conversations.AddPersonPost(body.Channel, person.UserId, person.Name, body.Text, now);
        var note = await noticer.NoticeAsync(Captured(request, posted, person.UserId, body.Channel), cancellationToken);
        if (note is not null)
        {
            // The author's inbox stands in for Slack's ephemeral note and Teams' 1:1 message: only the author sees it.
            conversations.AddDirect(person.UserId, note, now, deliveryId: null);
        }

        return TypedResults.Ok(posted);
    }

    private static async Task<Results<Ok<SandboxMessage>, ProblemHttpResult>> ShortcutAsync(
        HttpRequest request, IPeopleStore people, IWorkspaceStore workspaces, ICommitmentStore commitments, SandboxConversations conversations, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (body, error) = await SandboxApi.ReadBodyAsync<ShortcutBody>(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (string.IsNullOrWhiteSpace(body!.User) || string.IsNullOrWhiteSpace(body.MessageId))
        {
            return SandboxApi.ProblemOf(400, "\"user\" and \"messageId\" are required.");
        }

        var person = SandboxApi.IsId(body.User) ? await people.FindAsync(SandboxApi.WorkspaceId, body.User, cancellationToken) : null;
        if (person is null)
        {
            return SandboxApi.ProblemOf(404, $"There is no user '{body.User}'.");
        }

        var message = conversations.Find(body.MessageId);
        if (message is null)
        {
            return SandboxApi.ProblemOf(404, $"There is no message '{body.MessageId}'.");
        }

        var visible = message.To == "reply:" + person.UserId || message.To == "user:" + person.UserId || message.To.StartsWith("channel:", StringComparison.Ordinal);
        if (!visible)
        {
            return SandboxApi.ProblemOf(403, $"Message '{body.MessageId}' was not sent to {person.UserId}.");
        }

        var now = clock.GetUtcNow();
        var workspace = await workspaces.FindAsync(SandboxApi.WorkspaceId, cancellationToken);
        var zone = TimeZones.ResolveOrUtc(person.EffectiveZoneId);
        var context = new DueContext(StoredTime.Now(clock), zone, workspace?.DateOrder ?? DateOrder.MDY, person.EffectiveWorkingHours);
        var recent = CaptureForm.RecentCustomers(await commitments.ListActiveByOwnersAsync(SandboxApi.WorkspaceId, [person.UserId], 50, cancellationToken));
        var channel = message.To.StartsWith("channel:", StringComparison.Ordinal) ? message.To[8..] : message.To;
        var text = message.Text;
        var form = CaptureForm.Build(CaptureForm.Read(Captured(request, message, message.From ?? person.UserId, channel) with { Text = text }, context, recent));
        return TypedResults.Ok(conversations.AddReply(person.UserId, form, now));
    }

    private static CapturedMessage Captured(HttpRequest request, SandboxMessage message, string authorId, string channel) =>
        new("sandbox", SandboxApi.WorkspaceId, channel, message.Id, authorId, message.Text, LinkTo(request, message));

    // The page scrolls to a message by its id: the link back a captured promise keeps.
    private static string LinkTo(HttpRequest request, SandboxMessage message) =>
        $"{request.Scheme}://{request.Host}/#{message.Id}";
}
