using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Teams;

/// <summary>How the bot's Entra app registration is set up.</summary>
public enum TeamsAppType
{
    /// <summary>Registered in one tenant; tokens come from that tenant's authority.</summary>
    SingleTenant,

    /// <summary>Legacy multi-tenant registration; tokens come from the <c>botframework.com</c> tenant.</summary>
    MultiTenant,
}

/// <summary>Settings under the <c>Teams</c> configuration section.</summary>
public sealed class TeamsOptions
{
    public const string SectionName = "Teams";

    public const string PublicOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public const string BotFrameworkIssuer = "https://api.botframework.com";
    public const string BotFrameworkScope = "https://api.botframework.com/.default";
    public const string DefaultServiceUrl = "https://smba.trafficmanager.net/teams/";

    /// <summary>The bot's Microsoft App ID (the audience of inbound tokens, the client id of outbound ones).</summary>
    public string? AppId { get; set; }

    /// <summary>The client secret; either this or a certificate is required.</summary>
    public string? AppPassword { get; set; }

    /// <summary>A PFX file holding the client certificate.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PFX file's password, if any.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The thumbprint of a client certificate in the current user's or machine's personal store.</summary>
    public string? CertificateThumbprint { get; set; }

    /// <summary>The Entra tenant of a single-tenant registration.</summary>
    public string? TenantId { get; set; }

    public TeamsAppType AppType { get; set; } = TeamsAppType.SingleTenant;

    /// <summary>Where inbound token signing keys are published.</summary>
    [Required]
    public string OpenIdMetadataUrl { get; set; } = PublicOpenIdMetadataUrl;

    /// <summary>The issuer every inbound token must carry.</summary>
    [Required]
    public string TokenIssuer { get; set; } = BotFrameworkIssuer;

    /// <summary>
    /// Overrides the token endpoint (tests point it at a local fake). MSAL still talks to its
    /// authority; requests for <c>…/oauth2/v2.0/token</c> are sent here instead.
    /// </summary>
    public string? TokenUrl { get; set; }

    /// <summary>Overrides the MSAL authority (default: <c>https://login.microsoftonline.com/{TenantId}</c>, or <c>…/botframework.com</c> for multi-tenant).</summary>
    public string? Authority { get; set; }

    /// <summary>Service URLs the connector may call besides those seen in validated activities (compared by scheme, host and port).</summary>
    public IList<string> TrustedServiceUrls { get; } = ["https://smba.trafficmanager.net/"];

    /// <summary>The service URL used for a proactive message to a tenant the bot has no stored reference in.</summary>
    public string FallbackServiceUrl { get; set; } = DefaultServiceUrl;

    /// <summary>Inbound requests larger than this are refused with 413.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxActivityBytes { get; set; } = 512 * 1024;

    /// <summary>Whether buttons send <c>Action.Execute</c> (default; the card is replaced in place) or <c>Action.Submit</c>.</summary>
    public Cards.CardActionStyle CardActions { get; set; } = Cards.CardActionStyle.Execute;

    /// <summary>Accepted clock difference for token lifetimes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the signing keys are re-read even when nothing asks for it.</summary>
    public TimeSpan SigningKeyRefreshInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The least time between two refreshes forced by an unknown key id (stops a flood of forged kids from hammering the metadata endpoint).</summary>
    public TimeSpan SigningKeyMinRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts per connector call (first try included) for 429/412/502/503/504.</summary>
    [Range(1, 10)]
    public int ConnectorMaxAttempts { get; set; } = 3;

    /// <summary>The first back-off delay; it doubles per attempt, with jitter.</summary>
    public TimeSpan ConnectorRetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest <c>Retry-After</c> waited in process; a longer one is handed to the caller (Hangfire) as a transient failure.</summary>
    public TimeSpan ConnectorMaxRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Per-request timeout for connector and token calls.</summary>
    public TimeSpan ConnectorTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Activities processed at once in the background. Each spends most of its time waiting on the
    /// database and the connector, so a few per core are too few: at 200 activities/s on a busy 2-core
    /// machine 4 workers let the queue fill (503s) where 16 kept it empty.
    /// </summary>
    [Range(1, 64)]
    public int ActivityWorkers { get; set; } = 16;

    /// <summary>Activities waiting for a worker; beyond this the endpoint answers 503 so the channel retries later.</summary>
    [Range(1, 100_000)]
    public int ActivityQueueCapacity { get; set; } = 1000;

    /// <summary>The authority MSAL uses for outbound tokens.</summary>
    public string ResolveAuthority() =>
        !string.IsNullOrWhiteSpace(Authority)
            ? Authority
            : AppType == TeamsAppType.MultiTenant
                ? "https://login.microsoftonline.com/botframework.com"
                : $"https://login.microsoftonline.com/{TenantId}";

    /// <summary>The bot's own channel account id (<c>28:{AppId}</c>).</summary>
    public string BotId => "28:" + AppId;

    /// <summary>
    /// True when the configuration asks for Teams at all (an app id, a credential or a tenant is set). The host
    /// then wires Teams, whose validation names whatever else is missing, rather than quietly running without it.
    /// </summary>
    public static bool IsConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        return new[] { nameof(AppId), nameof(AppPassword), nameof(CertificatePath), nameof(CertificateThumbprint), nameof(TenantId) }
            .Any(key => !string.IsNullOrWhiteSpace(section[key]));
    }
}

/// <summary>Start-up checks whose messages name the configuration key to fix.</summary>
internal sealed class TeamsOptionsValidator : IValidateOptions<TeamsOptions>
{
    public ValidateOptionsResult Validate(string? name, TeamsOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.AppId))
        {
            failures.Add("Teams:AppId is required (the bot's Microsoft App ID).");
        }

        var credentials = new[] { options.AppPassword, options.CertificatePath, options.CertificateThumbprint }
            .Count(v => !string.IsNullOrWhiteSpace(v));
        if (credentials == 0)
        {
            failures.Add("Teams:AppPassword (or Teams:CertificatePath / Teams:CertificateThumbprint) is required.");
        }
        else if (credentials > 1)
        {
            failures.Add("Set only one of Teams:AppPassword, Teams:CertificatePath and Teams:CertificateThumbprint.");
        }

        if (options.AppType == TeamsAppType.SingleTenant && string.IsNullOrWhiteSpace(options.TenantId) && string.IsNullOrWhiteSpace(options.Authority))
        {
            failures.Add("Teams:TenantId is required when Teams:AppType is SingleTenant.");
        }

        CheckAbsolute(options.OpenIdMetadataUrl, "Teams:OpenIdMetadataUrl", failures);
        CheckAbsolute(options.FallbackServiceUrl, "Teams:FallbackServiceUrl", failures);
        if (!string.IsNullOrWhiteSpace(options.TokenUrl))
        {
            CheckAbsolute(options.TokenUrl, "Teams:TokenUrl", failures);
        }

        if (!string.IsNullOrWhiteSpace(options.Authority) && !IsHttps(options.Authority))
        {
            failures.Add("Teams:Authority must be an absolute https URL (point Teams:TokenUrl at a local fake instead).");
        }

        foreach (var url in options.TrustedServiceUrls)
        {
            CheckAbsolute(url, "Teams:TrustedServiceUrls", failures);
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(10))
        {
            failures.Add("Teams:ClockSkew must be between 0 and 10 minutes.");
        }

        if (options.SigningKeyRefreshInterval < TimeSpan.FromMinutes(1) || options.SigningKeyRefreshInterval > TimeSpan.FromDays(1))
        {
            failures.Add("Teams:SigningKeyRefreshInterval must be between 1 minute and 24 hours.");
        }

        if (options.SigningKeyMinRefreshInterval < TimeSpan.Zero)
        {
            failures.Add("Teams:SigningKeyMinRefreshInterval must not be negative.");
        }

        // The [Range] attributes say the same, but their messages name the property, not the key to set.
        CheckRange(options.MaxActivityBytes, 1024, 16 * 1024 * 1024, "Teams:MaxActivityBytes", failures);
        CheckRange(options.ConnectorMaxAttempts, 1, 10, "Teams:ConnectorMaxAttempts", failures);
        CheckRange(options.ActivityWorkers, 1, 64, "Teams:ActivityWorkers", failures);
        CheckRange(options.ActivityQueueCapacity, 1, 100_000, "Teams:ActivityQueueCapacity", failures);

        if (options.ConnectorTimeout <= TimeSpan.Zero || options.ConnectorRetryBaseDelay < TimeSpan.Zero || options.ConnectorMaxRetryAfter < TimeSpan.Zero)
        {
            failures.Add("Teams:ConnectorTimeout must be positive and Teams:ConnectorRetryBaseDelay / Teams:ConnectorMaxRetryAfter not negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckAbsolute(string? value, string key, List<string> failures)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{key} must be an absolute http(s) URL.");
        }
    }

    private static void CheckRange(int value, int min, int max, string key, List<string> failures)
    {
        if (value < min || value > max)
        {
            failures.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{key} must be between {min} and {max}."));
        }
    }

    private static bool IsHttps(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;
}
