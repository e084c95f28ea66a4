using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Slack.Signing;

/// <summary>The raw body of a request whose Slack signature was checked.</summary>
internal sealed class VerifiedSlackBody(byte[] bytes, int length)
{
    public ReadOnlyMemory<byte> Bytes { get; } = bytes.AsMemory(0, length);

    /// <summary>The verified body of this request; only endpoints behind <see cref="SlackSignatureFilter"/> have one.</summary>
    public static VerifiedSlackBody Of(HttpContext http) =>
        http.Features.Get<VerifiedSlackBody>() ?? throw new InvalidOperationException("This endpoint must run behind SlackSignatureFilter.");
}

/// <summary>
/// Runs before every signed Slack endpoint: buffers the raw body (the signature covers the exact bytes),
/// verifies it and hands the bytes on. Anything unsigned, tampered or stale gets 401 and never reaches a handler.
/// </summary>
internal sealed class SlackSignatureFilter(SlackRequestVerifier verifier, ILogger<SlackSignatureFilter> logger) : IEndpointFilter
{
    /// <summary>Slack's payloads are small; this stops a stranger from making us buffer megabytes.</summary>
    public const int MaxBodyBytes = 512 * 1024;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var request = http.Request;
        if (request.ContentLength > MaxBodyBytes)
        {
            return TypedResults.Problem("The request body is too large.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var (buffer, length) = await ReadBodyAsync(request.Body, request.ContentLength, http.RequestAborted);
        if (length < 0)
        {
            return TypedResults.Problem("The request body is too large.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var failure = verifier.Verify(
            request.Headers[SlackRequestVerifier.TimestampHeader],
            request.Headers[SlackRequestVerifier.SignatureHeader],
            buffer.AsSpan(0, length));
        if (failure != SignatureFailure.None)
        {
            logger.LogWarning("Refused a request to {Path}: Slack signature check failed ({Reason}).", request.Path, failure);

            // A forged or stale request is not worth Slack's retries either.
            http.Response.Headers["X-Slack-No-Retry"] = "1";
            return TypedResults.Problem(Describe(failure), statusCode: StatusCodes.Status401Unauthorized);
        }

        http.Features.Set(new VerifiedSlackBody(buffer, length));
        return await next(context);
    }

    private static string Describe(SignatureFailure failure) => failure switch
    {
        SignatureFailure.MissingHeaders => "The X-Slack-Signature and X-Slack-Request-Timestamp headers are required.",
        SignatureFailure.BadTimestamp => "X-Slack-Request-Timestamp is not a Unix time.",
        SignatureFailure.StaleTimestamp => "X-Slack-Request-Timestamp is more than five minutes from now.",
        SignatureFailure.NoSecret => "Slack requests cannot be verified: no signing secret is configured.",
        _ => "The Slack signature does not match the request.",
    };

    private static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(Stream body, long? contentLength, CancellationToken cancellationToken)
    {
        if (contentLength is >= 0 and <= MaxBodyBytes)
        {
            // The server holds the body to its declared length, so read exactly that much.
            var exact = new byte[(int)contentLength.Value];
            var filled = 0;
            while (filled < exact.Length)
            {
                var got = await body.ReadAsync(exact.AsMemory(filled), cancellationToken);
                if (got == 0)
                {
                    break;
                }

                filled += got;
            }

            return (exact, filled);
        }

        // No Content-Length (chunked): grow up to the cap, and one byte more means too large.
        var buffer = new byte[4096];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length >= MaxBodyBytes + 1)
                {
                    return (buffer, -1);
                }

                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxBodyBytes + 1));
            }

            var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                return (buffer, length);
            }

            length += read;
        }
    }
}
