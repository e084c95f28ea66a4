using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Slack;

/// <summary>Settings bound from the <c>Slack</c> configuration section.</summary>
public sealed class SlackOptions
{
    public const string SectionName = "Slack";

    public const string DefaultApiBaseUrl = "https://slack.com/api/";
    public const string DefaultAuthorizeUrl = "https://slack.com/oauth/v2/authorize";
    public const string DefaultBotScopes = "commands,chat:write,chat:write.public,im:write,im:history,channels:history,users:read,users.profile:read,files:read,files:write,groups:history,channels:read,groups:read,team:read";

    /// <summary>Signs every inbound request (app settings → Basic Information). Required.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>Single-workspace mode: the <c>xoxb-</c> bot token of the one workspace.</summary>
    public string? BotToken { get; set; }

    /// <summary>
    /// Single-workspace mode: the team id <see cref="BotToken"/> belongs to. Requests from any other workspace are
    /// refused. Optional: when unset it is read once from <c>auth.test</c>.
    /// </summary>
    public string? TeamId { get; set; }

    /// <summary>
    /// Socket Mode: the app-level <c>xapp-</c> token (scope <c>connections:write</c>). When set, the app opens Slack's
    /// Socket Mode connection and every command, button and event arrives over it instead of over HTTP.
    /// </summary>
    public string? AppToken { get; set; }

    /// <summary>Socket Mode: the longest wait between two attempts to reconnect (the wait doubles from half a second, with jitter).</summary>
    public TimeSpan SocketMaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Multi-workspace mode (OAuth v2 install): the app's client id.</summary>
    public string? ClientId { get; set; }

    /// <summary>Multi-workspace mode: the app's client secret.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The OAuth redirect URL registered with Slack; when empty it is derived from the request (<c>/slack/oauth/callback</c>).</summary>
    public string? RedirectUri { get; set; }

    /// <summary>Bot scopes requested on install, comma separated.</summary>
    public string BotScopes { get; set; } = DefaultBotScopes;

    /// <summary>Base URL of the Web API (tests point it at a fake).</summary>
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>Slack's OAuth authorize page.</summary>
    public string AuthorizeUrl { get; set; } = DefaultAuthorizeUrl;

    /// <summary>
    /// How long a slash command may take before it is acknowledged with "Working on it…" and finished
    /// through <c>response_url</c>. Slack allows 3 s in all, network included.
    /// </summary>
    public TimeSpan CommandReplyBudget { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>How long a modal submission may take before the modal is closed and the reply sent as a DM.</summary>
    public TimeSpan ModalReplyBudget { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Time limit of one Web API attempt.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts per Web API call when Slack rate-limits or fails transiently.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The longest <c>Retry-After</c> the client waits inline; longer waits are handed back to the caller.</summary>
    public TimeSpan MaxRetryWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The minimum gap between two messages posted to one channel (Slack: about one per second).</summary>
    public TimeSpan ChannelPostInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a users.info time zone is remembered.</summary>
    public TimeSpan UserZoneCacheDuration { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How long a status read for <c>admin policy status-away on</c> is remembered (a few minutes).</summary>
    public TimeSpan StatusCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>True when a bot token is configured (single-workspace mode).</summary>
    public bool HasBotToken => !string.IsNullOrWhiteSpace(BotToken);

    /// <summary>True when OAuth installs are configured (multi-workspace mode).</summary>
    public bool HasOAuth => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret);

    /// <summary>
    /// True when the configuration asks for Slack at all (any of the signing secret, bot token or client id
    /// is present). The host then calls <c>AddSlack</c>, whose validation reports what else is missing.
    /// </summary>
    public static bool IsConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        return !string.IsNullOrWhiteSpace(section[nameof(SigningSecret)])
            || !string.IsNullOrWhiteSpace(section[nameof(BotToken)])
            || !string.IsNullOrWhiteSpace(section[nameof(ClientId)]);
    }

    internal IReadOnlyList<string> BotScopeList =>
        BotScopes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Start-up validation with messages that name the configuration key to fix.</summary>
internal sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.SigningSecret))
        {
            // An empty secret must never mean "accept everything".
            failures.Add("Slack:SigningSecret is required: copy the Signing Secret from the Slack app's Basic Information page.");
        }

        if (!options.HasBotToken && !options.HasOAuth)
        {
            failures.Add("Slack:BotToken (one workspace) or Slack:ClientId and Slack:ClientSecret (OAuth install) must be set.");
        }
        else if (string.IsNullOrWhiteSpace(options.ClientId) != string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            failures.Add("Slack:ClientId and Slack:ClientSecret must be set together.");
        }

        if (options.HasBotToken && !options.BotToken!.StartsWith("xoxb-", StringComparison.Ordinal))
        {
            failures.Add("Slack:BotToken must be a bot token (it starts with xoxb-).");
        }

        CheckUrl(options.ApiBaseUrl, "Slack:ApiBaseUrl", failures);
        CheckUrl(options.AuthorizeUrl, "Slack:AuthorizeUrl", failures);
        if (!string.IsNullOrWhiteSpace(options.RedirectUri))
        {
            CheckUrl(options.RedirectUri, "Slack:RedirectUri", failures);
        }

        if (options.CommandReplyBudget <= TimeSpan.Zero || options.CommandReplyBudget > TimeSpan.FromSeconds(2.5))
        {
            failures.Add("Slack:CommandReplyBudget must be between 0 and 2.5 seconds (Slack allows 3 s in all).");
        }

        if (options.ModalReplyBudget <= TimeSpan.Zero || options.ModalReplyBudget > TimeSpan.FromSeconds(2.5))
        {
            failures.Add("Slack:ModalReplyBudget must be between 0 and 2.5 seconds (Slack allows 3 s in all).");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add("Slack:RequestTimeout must be positive.");
        }

        if (options.MaxAttempts is < 1 or > 10)
        {
            failures.Add("Slack:MaxAttempts must be between 1 and 10.");
        }

        if (!string.IsNullOrEmpty(options.AppToken) && !options.AppToken.StartsWith("xapp-", StringComparison.Ordinal))
        {
            failures.Add("Slack:AppToken must be an app-level token (xapp-…) with the connections:write scope.");
        }

        if (options.BotScopeList.Count == 0)
        {
            failures.Add("Slack:BotScopes must list at least one scope.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckUrl(string? value, string key, List<string> failures)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{key} must be an absolute http(s) URL.");
        }
    }
}
