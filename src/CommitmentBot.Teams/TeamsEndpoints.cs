using System.Buffers;
using System.Text.Json;
using CommitmentBot.Teams.Activities;
using CommitmentBot.Teams.Auth;
using CommitmentBot.Teams.Connector;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Teams;

/// <summary>The Bot Framework messaging endpoint.</summary>
public static class TeamsEndpoints
{
    public const string MessagesPath = "/api/messages";

    /// <summary>Maps <c>POST /api/messages</c>. Authentication is the Bot Framework token, checked here, so the route allows anonymous callers.</summary>
    public static IEndpointRouteBuilder MapTeams(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(MessagesPath, HandleAsync)
            .AllowAnonymous()
            .WithName("TeamsMessages")
            .ExcludeFromDescription();
        return endpoints;
    }

    internal static async Task<Results<Accepted, JsonHttpResult<AdaptiveCardInvokeResponse>, ContentHttpResult, StatusCodeHttpResult, UnauthorizedHttpResult, ProblemHttpResult>> HandleAsync(
        HttpContext context,
        IBotFrameworkTokenValidator validator,
        TeamsActivityInbox queue,
        ServiceUrlTrust trust,
        IOptions<TeamsOptions> options,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(TeamsEndpoints));
        var cancellationToken = context.RequestAborted;
        string? authorization = context.Request.Headers.Authorization;
        if (string.IsNullOrEmpty(authorization))
        {
            return Unauthorized();
        }

        var body = await ReadBodyAsync(context.Request, options.Value.MaxActivityBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The activity is too large.");
        }

        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize(body, TeamsJsonContext.Default.Activity);
        }
        catch (JsonException)
        {
            // Say nothing more to a caller we have not authenticated yet.
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not a JSON activity.");
        }

        if (activity is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not a JSON activity.");
        }

        var check = await validator.ValidateAsync(authorization, activity.ChannelId, activity.ServiceUrl, cancellationToken).ConfigureAwait(false);
        if (!check.IsValid)
        {
            logger.LogWarning("Refused a Bot Framework request: {Reason}", check.Failure);
            return Unauthorized();
        }

        // Checked once here; everything downstream reads the checked activity.
        if (InboundActivity.Read(activity, out var problem) is not { } inbound)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: problem);
        }

        trust.Remember(inbound.ServiceUrl);
        if (inbound.Type == Activity.Types.Invoke)
        {
            var processor = context.RequestServices.GetRequiredService<TeamsActivityProcessor>();
            AdaptiveCardInvokeResponse? response;
            try
            {
                if (TeamsActivityProcessor.IsMessageActionInvoke(activity.Name))
                {
                    // The message action's answers (task module, confirmation) are 200 with a body Teams reads as is.
                    var answer = await processor.MessageActionAsync(inbound, cancellationToken).ConfigureAwait(false);
                    return TypedResults.Text(answer.ToJsonString(), "application/json", System.Text.Encoding.UTF8, StatusCodes.Status200OK);
                }

                response = await processor.InvokeAsync(inbound, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The handler's own failures become an error card; this is storage or the like being down.
                logger.LogError(ex, "Could not process invoke {Name}", activity.Name);
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Temporarily unable to act; try again.");
            }

            // An invoke the bot does not serve: 501, as Bot Framework bots answer them.
            return response is null
                ? TypedResults.StatusCode(StatusCodes.Status501NotImplemented)
                : TypedResults.Json(response, TeamsJsonContext.Default.AdaptiveCardInvokeResponse);
        }

        if (!queue.TryEnqueue(inbound))
        {
            context.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Busy; try again shortly.");
        }

        return TypedResults.Accepted((string?)null);
    }

    private static UnauthorizedHttpResult Unauthorized() => TypedResults.Unauthorized();

    // Buffers at most maxBytes; null when the body is larger. Teams sends Content-Length, so the usual
    // case reads straight into one array of the right size; a chunked body grows a pooled buffer.
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length)
        {
            if (length > maxBytes)
            {
                return null;
            }

            var exact = new byte[length];
            var filled = 0;
            while (filled < exact.Length)
            {
                var read = await request.Body.ReadAsync(exact.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    // Shorter than announced: what arrived is the body (the JSON reader will judge it).
                    return exact[..filled];
                }

                filled += read;
            }

            // Longer than announced is refused by Kestrel itself; nothing more to read here.
            return exact;
        }

        // No length given: read at most one byte past the limit, so a body of exactly maxBytes is accepted.
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(16 * 1024, maxBytes + 1));
        try
        {
            var size = 0;
            while (true)
            {
                var capacity = Math.Min(buffer.Length, maxBytes + 1);
                if (size == capacity)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, size).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                    capacity = Math.Min(buffer.Length, maxBytes + 1);
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(size, capacity - size), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer[..size];
                }

                size += read;
                if (size > maxBytes)
                {
                    return null;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
