using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CommitmentBot.Benchmarks.SlackLoad;

/// <summary>A form post signed the way Slack signs its requests (v0 HMAC-SHA256 over timestamp and body), for the load and chaos runs.</summary>
public static class SignedSlackRequest
{
    public static HttpRequestMessage Create(string url, string signingSecret, IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var body = string.Join('&', fields.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), Encoding.UTF8.GetBytes("v0:" + timestamp + ":" + body)));
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", signature);
        return request;
    }
}
