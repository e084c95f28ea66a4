namespace CommitmentBot.Http;

/// <summary>
/// Limits one attempt (sent and answered, body included) to <see cref="Limit"/> of real time, below the retry pipeline
/// so each attempt has its own limit. Real time on purpose: the limit is about the network, and a simulated clock that
/// jumps (tests, the sandbox) must not cut a request short. A request that runs out throws <see cref="TimeoutException"/>.
/// </summary>
public sealed class AttemptTimeoutHandler(TimeSpan limit) : DelegatingHandler
{
    public TimeSpan Limit { get; } = limit;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Limit);
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, timeout.Token).ConfigureAwait(false);

            // The body is part of the answer: read it within the same limit, so the platform's classifier and the
            // client read it from memory.
            await response.Content.LoadIntoBufferAsync(timeout.Token).ConfigureAwait(false);
            return response;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            // The URI stays out of the message: some (a response_url) are credentials.
            throw new TimeoutException($"The {request.Method} request got no answer within {Limit}.", ex);
        }
        catch
        {
            response?.Dispose();
            throw;
        }
    }
}
