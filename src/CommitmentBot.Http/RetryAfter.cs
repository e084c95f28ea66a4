using System.Globalization;

namespace CommitmentBot.Http;

/// <summary>The one reader of <c>Retry-After</c>: seconds, an HTTP date, or (as some gateways send) fractional seconds.</summary>
public static class RetryAfter
{
    /// <summary>How long <paramref name="response"/> asks the caller to wait (never negative); null when it does not say.</summary>
    public static TimeSpan? Read(HttpResponseMessage? response, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (response is null)
        {
            return null;
        }

        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        // The typed header refuses fractional seconds ("1.5"); read them by hand.
        if (response.Headers.TryGetValues("Retry-After", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && seconds >= 0 && seconds < TimeSpan.MaxValue.TotalSeconds)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return null;
    }
}
