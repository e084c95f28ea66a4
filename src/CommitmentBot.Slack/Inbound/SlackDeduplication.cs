using System.Security.Cryptography;
using System.Text;
using CommitmentBot.Core.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace CommitmentBot.Slack.Inbound;

/// <summary>Runs inbound requests once per request key through the host's <see cref="IRequestDeduplicator"/>.</summary>
internal sealed class SlackDeduplication(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>Keys longer than this are hashed, so the store's key column stays small.</summary>
    private const int MaxKeyLength = 120;

    /// <summary>Runs <paramref name="work"/> unless a run for <paramref name="key"/> already finished, in a DI scope of its own.</summary>
    public async Task<RequestRun<T>> RunOnceAsync<T>(string workspaceId, string key, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await RunOnceAsync(scope.ServiceProvider, workspaceId, key, work, cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> unless a run for <paramref name="key"/> already finished (see <see cref="IRequestDeduplicator.RunOnceAsync{T}"/>).</summary>
    public Task<RequestRun<T>> RunOnceAsync<T>(IServiceProvider services, string workspaceId, string key, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        services.GetRequiredService<IRequestDeduplicator>().RunOnceAsync(workspaceId, Compact(key), time.GetUtcNow(), work, cancellationToken);

    internal static string Compact(string key)
    {
        if (key.Length <= MaxKeyLength)
        {
            return key;
        }

        var colon = key.IndexOf(':', StringComparison.Ordinal);
        var prefix = colon is > 0 and < 16 ? key[..(colon + 1)] : "";
        return prefix + "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}
