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

    internal static async Task<IResult> HandleAsync(
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

        if (string.IsNullOrEmpty(activity.Type) || activity.Conversation?.Id is not { Length: > 0 } || ActivityReader.TenantOf(activity) is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The activity lacks a type, conversation or tenant.");
        }

        trust.Remember(activity.ServiceUrl!);
        if (activity.Type == Activity.Types.Invoke)
        {
            var processor = context.RequestServices.GetRequiredService<TeamsActivityProcessor>();
            AdaptiveCardInvokeResponse? response;
            try
            {
                response = await processor.InvokeAsync(activity, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The handler's own failures become an error card; this is storage or the like being down.
                logger.LogError(ex, "Could not process invoke {Name}", activity.Name);
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Temporarily unable to act; try again.");
            }

            return response is null
                ? TypedResults.StatusCode(StatusCodes.Status501NotImplemented)
                : TypedResults.Json(response, TeamsJsonContext.Default.AdaptiveCardInvokeResponse);
        }

        if (!queue.TryEnqueue(activity))
        {
            context.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Busy; try again shortly.");
        }

        return TypedResults.Accepted((string?)null);
    }

    private static UnauthorizedHttpResult Unauthorized() => TypedResults.Unauthorized();

    // Buffers at most maxBytes; null when the body is larger.
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
