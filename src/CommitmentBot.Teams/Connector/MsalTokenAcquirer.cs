using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace CommitmentBot.Teams.Connector;

/// <summary>Gets the bearer token for connector calls (the SDK's <c>ServiceClientCredentials</c>).</summary>
public interface ITokenAcquirer
{
    /// <summary>A token for <c>https://api.botframework.com/.default</c>; <paramref name="forceRefresh"/> skips the cache (after a 401).</summary>
    Task<string> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken);
}

/// <summary>The token endpoint failed or refused; <see cref="Transient"/> says whether trying later may help.</summary>
public sealed class TokenAcquisitionException : Exception
{
    public TokenAcquisitionException(string message, bool transient, Exception? innerException = null)
        : base(message, innerException) => Transient = transient;

    public TokenAcquisitionException()
        : this("No token could be acquired.", transient: true)
    {
    }

    public TokenAcquisitionException(string message)
        : this(message, transient: true)
    {
    }

    public TokenAcquisitionException(string message, Exception innerException)
        : this(message, transient: true, innerException)
    {
    }

    public bool Transient { get; }
}

/// <summary>
/// Client-credentials tokens through one MSAL confidential client, whose in-memory cache serves
/// repeat calls and renews near expiry. Its HTTP goes through <see cref="IHttpClientFactory"/>,
/// so <c>Teams:TokenUrl</c> can redirect the token request to a local fake.
/// </summary>
public sealed class MsalTokenAcquirer : ITokenAcquirer, IDisposable
{
    public const string HttpClientName = "CommitmentBot.Teams.Token";

    private static readonly string[] Scopes = [TeamsOptions.BotFrameworkScope];

    // MSAL itself renews 5 minutes before expiry; leave it a margin beyond that.
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(10);

    private readonly IConfidentialClientApplication _app;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile HeldToken? _held;

    public MsalTokenAcquirer(IOptions<TeamsOptions> options, IHttpClientFactory httpClientFactory, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _timeProvider = timeProvider ?? TimeProvider.System;
        var settings = options.Value;
        var builder = ConfidentialClientApplicationBuilder.Create(settings.AppId)
            .WithAuthority(settings.ResolveAuthority(), validateAuthority: false)
            .WithInstanceDiscovery(false)
            .WithHttpClientFactory(new FactoryAdapter(httpClientFactory));
        if (!string.IsNullOrWhiteSpace(settings.AppPassword))
        {
            builder = builder.WithClientSecret(settings.AppPassword);
        }
        else
        {
            builder = builder.WithCertificate(LoadCertificate(settings), sendX5C: true);
        }

        _app = builder.Build();
    }

    public async Task<string> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        // MSAL's own cache answers too, but through its whole request pipeline (locks, telemetry, logging) on
        // every connector call; holding the token here until shortly before it expires skips that.
        if (!forceRefresh && Current() is { } held)
        {
            return held;
        }

        // One acquisition at a time, so a burst of first sends does not become a burst of token requests.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!forceRefresh && Current() is { } fetched)
            {
                return fetched;
            }

            var result = await _app.AcquireTokenForClient(Scopes)
                .WithForceRefresh(forceRefresh)
                .ExecuteAsync(cancellationToken)
                .ConfigureAwait(false);
            _held = new HeldToken(result.AccessToken, result.ExpiresOn);
            return result.AccessToken;
        }
        catch (MsalServiceException ex)
        {
            // 400/401 from the token endpoint mean wrong credentials or tenant: waiting will not fix them.
            var transient = ex.StatusCode is not (400 or 401);
            throw new TokenAcquisitionException($"The token endpoint refused ({ex.StatusCode} {ex.ErrorCode}).", transient, ex);
        }
        catch (MsalClientException ex)
        {
            throw new TokenAcquisitionException($"No token could be acquired ({ex.ErrorCode}).", transient: true, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new TokenAcquisitionException("The token endpoint could not be reached.", transient: true, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TokenAcquisitionException("The token endpoint timed out.", transient: true, ex);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private string? Current()
    {
        var held = _held;
        return held is not null && held.ExpiresOn - RenewBefore > _timeProvider.GetUtcNow() ? held.AccessToken : null;
    }

    private static X509Certificate2 LoadCertificate(TeamsOptions settings)
    {
        if (!string.IsNullOrWhiteSpace(settings.CertificatePath))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(settings.CertificatePath, settings.CertificatePassword);
        }

        foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
        {
            using var store = new X509Store(StoreName.My, location);
            store.Open(OpenFlags.ReadOnly);
            var found = store.Certificates.Find(X509FindType.FindByThumbprint, settings.CertificateThumbprint!, validOnly: false);
            if (found.Count > 0)
            {
                return found[0];
            }
        }

        throw new InvalidOperationException($"Teams:CertificateThumbprint {settings.CertificateThumbprint} was not found in the personal certificate stores.");
    }

    private sealed record HeldToken(string AccessToken, DateTimeOffset ExpiresOn);

    private sealed class FactoryAdapter(IHttpClientFactory factory) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => factory.CreateClient(HttpClientName);
    }
}

/// <summary>Sends MSAL's token request to <c>Teams:TokenUrl</c> when one is configured.</summary>
internal sealed class TokenUrlRedirectHandler(IOptions<TeamsOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (options.Value.TokenUrl is { Length: > 0 } tokenUrl
            && request.RequestUri is { } uri
            && uri.AbsolutePath.EndsWith("/oauth2/v2.0/token", StringComparison.OrdinalIgnoreCase))
        {
            request.RequestUri = new Uri(tokenUrl);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
