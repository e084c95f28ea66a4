using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace CommitmentBot.Slack.Install;

/// <summary>Encrypts bot tokens at rest with ASP.NET Data Protection.</summary>
internal sealed class SlackTokenProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("CommitmentBot.Slack.BotToken.v1");

    public string Protect(string token) => _protector.Protect(token);

    /// <summary>The token, or null when it cannot be decrypted (keys lost or rotated away).</summary>
    public string? TryUnprotect(string protectedToken)
    {
        try
        {
            return _protector.Unprotect(protectedToken);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
