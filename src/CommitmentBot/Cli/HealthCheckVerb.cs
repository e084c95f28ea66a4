using System.Globalization;

namespace CommitmentBot.Cli;

/// <summary>
/// <c>healthcheck [--url http://127.0.0.1:8080/healthz/live]</c>: asks a running instance whether it is alive and exits
/// 0 (yes) or 1 (no). The container image's HEALTHCHECK uses it, since the ASP.NET runtime image has no curl. Without
/// <c>--url</c> it asks this machine on the first port of <c>ASPNETCORE_HTTP_PORTS</c> (8080 by default).
/// </summary>
public static class HealthCheckVerb
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(4);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        string url;
        switch (args)
        {
            case []:
                url = DefaultUrl(Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS"));
                break;
            case ["--url", var given] when Uri.TryCreate(given, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps):
                url = given;
                break;
            default:
                await error.WriteLineAsync("usage: healthcheck [--url http://127.0.0.1:8080/healthz/live]");
                return 2;
        }

        using var http = new HttpClient { Timeout = Limit };
        try
        {
            using var response = await http.GetAsync(new Uri(url));
            if (response.IsSuccessStatusCode)
            {
                await output.WriteLineAsync($"healthcheck: {url} is healthy");
                return 0;
            }

            await error.WriteLineAsync($"healthcheck: {url} is not healthy (HTTP {(int)response.StatusCode})");
            return 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"healthcheck: {url} is not healthy ({ex.Message})");
            return 1;
        }
    }

    /// <summary>The liveness URL on this machine for the first port of an <c>ASPNETCORE_HTTP_PORTS</c> value.</summary>
    public static string DefaultUrl(string? httpPorts)
    {
        var first = (httpPorts ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var port = int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65536 ? p : 8080;
        return string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/healthz/live");
    }
}
