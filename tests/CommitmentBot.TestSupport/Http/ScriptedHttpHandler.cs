using System.Collections.Concurrent;
using System.Net;

namespace CommitmentBot.TestSupport.Http;

/// <summary>
/// A primary handler that answers each request with the next scripted answer (200 with an empty JSON object when the
/// script has run out) and counts what it was sent: the far end of a client's retry pipeline.
/// </summary>
public sealed class ScriptedHttpHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpRequestMessage, HttpResponseMessage>> _script = new();
    private int _calls;

    /// <summary>How many requests reached the far end.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Queues an answer with <paramref name="status"/>, a <c>Retry-After</c> header value and a JSON body, as given.</summary>
    public ScriptedHttpHandler Then(HttpStatusCode status, string? retryAfter = null, string body = "{}")
    {
        _script.Enqueue(_ =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            if (retryAfter is not null)
            {
                response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
            }

            return response;
        });
        return this;
    }

    /// <summary>Queues a failure to connect (nothing was sent).</summary>
    public ScriptedHttpHandler ThenRefuseConnection()
    {
        _script.Enqueue(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "scripted: connection refused"));
        return this;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        var answer = _script.TryDequeue(out var next)
            ? next(request)
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"ok":true}""", System.Text.Encoding.UTF8, "application/json") };
        answer.RequestMessage = request;
        return Task.FromResult(answer);
    }
}
