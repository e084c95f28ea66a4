using System.Net;
using CommitmentBot.Teams.Auth;
using CommitmentBot.Teams.Tests.Fakes;
using CommitmentBot.TestSupport.BotFramework;
using CommitmentBot.TestSupport.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace CommitmentBot.Teams.Tests.Auth;

/// <summary>Every rejection is checked at the endpoint: 401, and the command handler never runs.</summary>
public sealed class BotFrameworkTokenValidatorTests : IAsyncLifetime
{
    private TeamsTestApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await TeamsTestApp.StartAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private DateTimeOffset Now => _app.Clock.GetUtcNow();

    private string ServiceUrl => _app.Microsoft.ServiceUrl;

    [Fact]
    public async Task Post_Accepts_WhenTokenIsValid()
    {
        using var response = await _app.PostAsync(TestActivities.Message(ServiceUrl, "list"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await FakeBotFramework.WaitUntilAsync(() => _app.Handler.Requests.Count == 1, "the handler");
    }

    public static TheoryData<string, string> BadTokens() => new()
    {
        { "wrong-issuer", "SecurityTokenInvalidIssuerException" },
        { "wrong-audience", "SecurityTokenInvalidAudienceException" },
        { "expired", "SecurityTokenInvalidLifetimeException" },
        { "not-yet-valid", "SecurityTokenInvalidLifetimeException" },
        { "alg-none", "algorithm 'none'" },
        { "hmac", "algorithm 'HS256'" },
        { "wrong-key", "SecurityTokenInvalidSignatureException" },
        { "service-url", "serviceurl claim does not match" },
        { "garbage", "malformed token" },
        { "no-endorsement", "not endorsed for channel 'msteams'" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Post_Returns401AndDoesNothing_WhenTokenIsBad(string kind, string reason)
    {
        _ = reason;
        using var response = await _app.PostAsync(TestActivities.Message(ServiceUrl, "list"), BadToken(kind));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.Empty(_app.Handler.Requests);
        Assert.Empty(_app.Microsoft.Calls);
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Validate_NamesTheReason_WhenTokenIsBad(string kind, string reason)
    {
        var validator = _app.App.Services.GetRequiredService<IBotFrameworkTokenValidator>();

        var check = await validator.ValidateAsync("Bearer " + BadToken(kind), "msteams", ServiceUrl, TestContext.Current.CancellationToken);

        Assert.False(check.IsValid);
        Assert.Contains(reason, check.Failure, StringComparison.Ordinal);
    }

    private string BadToken(string kind)
    {
        var stranger = new BotSigningKey("key-1");
        var otherChannel = new BotSigningKey("key-slack", "slack");
        lock (_app.Microsoft.PublishedKeys)
        {
            _app.Microsoft.PublishedKeys.Add(otherChannel);
        }

        return kind switch
        {
            "wrong-issuer" => BotTokens.Issue(_app.Key, Now, ServiceUrl, issuer: "https://sts.windows.net/evil/"),
            "wrong-audience" => BotTokens.Issue(_app.Key, Now, ServiceUrl, audience: "99999999-9999-9999-9999-999999999999"),
            "expired" => BotTokens.Issue(_app.Key, Now.AddHours(-2), ServiceUrl, lifetime: TimeSpan.FromMinutes(90)),
            "not-yet-valid" => BotTokens.Issue(_app.Key, Now, ServiceUrl, notBefore: Now.AddMinutes(10)),
            "alg-none" => BotTokens.WithoutSignature(_app.Key.KeyId, Now, ServiceUrl),
            "hmac" => BotTokens.Hmac(_app.Key.KeyId, Now, ServiceUrl),

            // Same kid as the published key, different private key: the signature cannot verify.
            "wrong-key" => BotTokens.Issue(stranger, Now, ServiceUrl),
            "service-url" => BotTokens.Issue(_app.Key, Now, "https://smba.trafficmanager.net/evil/"),
            "garbage" => "not-a-jwt",
            "no-endorsement" => BotTokens.Issue(otherChannel, Now, ServiceUrl),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    [Fact]
    public async Task Post_Returns401_WhenNoAuthorizationHeader()
    {
        using var response = await _app.PostAsync(TestActivities.Message(ServiceUrl, "list"), withToken: false);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_app.Handler.Requests);
    }

    [Fact]
    public async Task Post_Accepts_WhenLifetimeIsWithinFiveMinutesSkew()
    {
        var token = BotTokens.Issue(_app.Key, Now.AddMinutes(-64), ServiceUrl, lifetime: TimeSpan.FromHours(1));

        using var response = await _app.PostAsync(TestActivities.Message(ServiceUrl, "list"), token);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Post_Accepts_WhenServiceUrlClaimDiffersOnlyInCase()
    {
        var token = BotTokens.Issue(_app.Key, Now, ServiceUrl.ToUpperInvariant().Replace("HTTP://", "http://", StringComparison.Ordinal));

        using var response = await _app.PostAsync(TestActivities.Message(ServiceUrl, "list"), token);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Validate_RefreshesMetadata_WhenKeyIdIsUnknown()
    {
        using (var first = await _app.PostAsync(TestActivities.Message(ServiceUrl, "list")))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        var fetchesBefore = _app.Microsoft.MetadataFetches;
        var rotated = new BotSigningKey("key-2", "msteams");
        lock (_app.Microsoft.PublishedKeys)
        {
            _app.Microsoft.PublishedKeys.Add(rotated);
        }

        using var response = await _app.PostAsync(TestActivities.Message(ServiceUrl, "list"), BotTokens.Issue(rotated, Now, ServiceUrl));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(fetchesBefore + 1, _app.Microsoft.MetadataFetches);
    }

    [Fact]
    public async Task Validate_DoesNotRefetchPerRequest_WhenKeysAreCached()
    {
        var validator = _app.App.Services.GetRequiredService<IBotFrameworkTokenValidator>();
        for (var i = 0; i < 20; i++)
        {
            var check = await validator.ValidateAsync("Bearer " + _app.ValidToken(), "msteams", ServiceUrl, TestContext.Current.CancellationToken);
            Assert.True(check.IsValid, check.Failure);
        }

        Assert.Equal(1, _app.Microsoft.MetadataFetches);
    }

    [Fact]
    public async Task Validate_ThrottlesRefreshes_WhenUnknownKeyIdsRepeat()
    {
        var validator = _app.App.Services.GetRequiredService<IBotFrameworkTokenValidator>();
        using var forged = new BotSigningKey("forged-kid");
        for (var i = 0; i < 5; i++)
        {
            var check = await validator.ValidateAsync("Bearer " + BotTokens.Issue(forged, Now, ServiceUrl), "msteams", ServiceUrl, TestContext.Current.CancellationToken);
            Assert.False(check.IsValid);
        }

        // The first lookup plus one forced refresh; the rest wait for the minimum interval.
        Assert.Equal(2, _app.Microsoft.MetadataFetches);
    }

    [Fact]
    public async Task Validate_RefreshesKeys_WhenADayHasPassed()
    {
        var validator = _app.App.Services.GetRequiredService<IBotFrameworkTokenValidator>();
        Assert.True((await validator.ValidateAsync("Bearer " + _app.ValidToken(), "msteams", ServiceUrl, TestContext.Current.CancellationToken)).IsValid);

        _app.Clock.Advance(TimeSpan.FromHours(24));
        var check = await validator.ValidateAsync("Bearer " + _app.ValidToken(), "msteams", ServiceUrl, TestContext.Current.CancellationToken);

        Assert.True(check.IsValid, check.Failure);
        Assert.Equal(2, _app.Microsoft.MetadataFetches);
    }

    [Fact]
    public async Task Validate_RejectsRs256Impostor_WhenTokenClaimsPs256()
    {
        var validator = _app.App.Services.GetRequiredService<IBotFrameworkTokenValidator>();
        var token = BotTokens.Issue(_app.Key, Now, ServiceUrl, algorithm: SecurityAlgorithms.RsaSsaPssSha256);

        var check = await validator.ValidateAsync("Bearer " + token, "msteams", ServiceUrl, TestContext.Current.CancellationToken);

        Assert.False(check.IsValid);
        Assert.Contains("PS256", check.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_Returns401_WhenMetadataIsUnreachable()
    {
        _app.Microsoft.MetadataStatus = 503;

        using var response = await _app.PostAsync(TestActivities.Message(ServiceUrl, "list"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_app.Handler.Requests);
    }

    [Fact]
    public async Task Validate_KeepsKnownKeys_WhenDailyRefreshFails()
    {
        var validator = _app.App.Services.GetRequiredService<IBotFrameworkTokenValidator>();
        Assert.True((await validator.ValidateAsync("Bearer " + _app.ValidToken(), "msteams", ServiceUrl, TestContext.Current.CancellationToken)).IsValid);
        _app.Microsoft.MetadataStatus = 500;
        _app.Clock.Advance(TimeSpan.FromHours(25));

        var check = await validator.ValidateAsync("Bearer " + _app.ValidToken(), "msteams", ServiceUrl, TestContext.Current.CancellationToken);

        Assert.True(check.IsValid, check.Failure);
        Assert.Equal(2, _app.Microsoft.MetadataFetches);
    }
}
