using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Slack.Inbound;

/// <summary>
/// Runs the app's command handler for a Slack request in a DI scope of its own, because a slow
/// command outlives the HTTP request that brought it: the request is answered at once and the
/// handler goes on. A repeated request key (Slack retry, double click) is answered with null; the key is stored with
/// the command's effects, so an attempt cut off part-way does not make its retry a repeat.
/// </summary>
internal sealed class SlackRequestRunner(
    IServiceScopeFactory scopes,
    SlackDeduplication deduplication,
    SlackUserDirectory users,
    SlackFollowUps followUps,
    ILogger<SlackRequestRunner> logger)
{
    public static readonly OutboundMessage Failure =
        OutboundMessage.Problem("Something went wrong while handling that. Please try again in a moment.");

    /// <summary>Handles the request; null when <paramref name="dedupeKey"/> was seen before.</summary>
    public Task<OutboundMessage?> RunAsync(ChatRequest request, string? dedupeKey, CancellationToken cancellationToken = default) =>
        RunCoreAsync(request, dedupeKey, cancellationToken.CanBeCanceled ? cancellationToken : followUps.Stopping);

    private async Task<OutboundMessage?> RunCoreAsync(ChatRequest request, string? dedupeKey, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();

            // The look-up is a Slack call: it comes before the request's transaction opens, never inside it.
            if (request.PlatformTimeZone is null)
            {
                request = request with { PlatformTimeZone = await users.FindTimeZoneAsync(request.WorkspaceId, request.UserId, cancellationToken) };
            }

            var handler = scope.ServiceProvider.GetRequiredService<IChatRequestHandler>();
            if (dedupeKey is null)
            {
                return await handler.HandleAsync(request, cancellationToken);
            }

            // The key is kept only with what the command did: a retry after an attempt that died or failed part-way runs it.
            var run = await deduplication.RunOnceAsync(scope.ServiceProvider, request.WorkspaceId, dedupeKey, stop => handler.HandleAsync(request, stop), cancellationToken);
            if (run is RequestRan<OutboundMessage> ran)
            {
                return ran.Result;
            }

            logger.LogInformation("Ignored a repeated Slack request ({Key}).", dedupeKey);
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Whatever the handler throws, the person gets an answer rather than silence.
        catch (Exception ex) when (followUps.Stopping.IsCancellationRequested)
        {
            // The app is stopping under the handler (its job queue or database going away): nothing is wrong with the
            // request, and its key was not stored, so Slack's retry runs it on an instance that is up.
            logger.LogWarning(ex, "A Slack request in workspace {WorkspaceId} was cut off by the app stopping.", request.WorkspaceId);
            return Failure;
        }
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogError(ex, "The command handler failed for a Slack request in workspace {WorkspaceId}.", request.WorkspaceId);
            return Failure;
        }
    }

    /// <summary>Waits for <paramref name="work"/> up to <paramref name="budget"/>; Done is false when it is still running.</summary>
    public static async Task<(bool Done, T? Result)> WithinAsync<T>(Task<T> work, TimeSpan budget, TimeProvider time)
    {
        if (!work.IsCompleted)
        {
            using var stop = new CancellationTokenSource();
            var first = await Task.WhenAny(work, Task.Delay(budget, time, stop.Token));
            if (first != work)
            {
                return (false, default);
            }

            await stop.CancelAsync();
        }

        return (true, await work);
    }
}
