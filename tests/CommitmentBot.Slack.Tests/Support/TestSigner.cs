using System.Security.Cryptography;
using System.Text;

namespace CommitmentBot.Slack.Tests.Support;

/// <summary>Signs bodies the way Slack does, written independently of the code under test.</summary>
public static class TestSigner
{
    public static string Sign(string secret, long timestamp, string body)
    {
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}"));
        return "v0=" + Convert.ToHexStringLower(hash);
    }
}
