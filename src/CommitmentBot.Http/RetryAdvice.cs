namespace CommitmentBot.Http;

/// <summary>
/// A platform's reading of one attempt's outcome: whether sending the same request again can help and is safe,
/// and how long to wait when the answer names no <c>Retry-After</c> (null: the pipeline's jittered back-off).
/// </summary>
public readonly record struct RetryAdvice(bool Retry, TimeSpan? WaitWhenUnstated = null)
{
    /// <summary>Final: the outcome goes to the caller as it is.</summary>
    public static RetryAdvice Final => default;

    /// <summary>Worth another attempt, after <c>Retry-After</c> or the back-off.</summary>
    public static RetryAdvice Again => new(true);

    /// <summary>Worth another attempt, after <c>Retry-After</c> or, when the answer names none, <paramref name="wait"/>.</summary>
    public static RetryAdvice AgainAfter(TimeSpan wait) => new(true, wait);
}

/// <summary>Reads one attempt's outcome (a response, or the exception the send threw) for a platform.</summary>
public delegate ValueTask<RetryAdvice> RetryClassifier(HttpRequestMessage request, HttpResponseMessage? response, Exception? exception);
