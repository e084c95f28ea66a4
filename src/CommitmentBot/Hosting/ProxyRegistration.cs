using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace CommitmentBot.Hosting;

/// <summary>
/// Behind a reverse proxy: <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed only from the proxies named in
/// <c>ForwardedHeaders:KnownProxies</c> (IP addresses) and <c>ForwardedHeaders:KnownNetworks</c> (CIDR ranges). Nothing
/// else is trusted, not even loopback: with none named, the headers are ignored and left on the request, so a request
/// relayed by an unnamed proxy is not mistaken for a local one (see the Hangfire dashboard).
/// </summary>
public static class ProxyRegistration
{
    public const string SectionName = "ForwardedHeaders";

    public static IServiceCollection AddKnownProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        var proxies = new List<IPAddress>();
        foreach (var value in section.GetSection("KnownProxies").Get<string[]>() ?? [])
        {
            proxies.Add(IPAddress.TryParse(value.Trim(), out var address)
                ? address
                : throw new InvalidOperationException($"{SectionName}:KnownProxies: '{value}' is not an IP address."));
        }

        var networks = new List<System.Net.IPNetwork>();
        foreach (var value in section.GetSection("KnownNetworks").Get<string[]>() ?? [])
        {
            networks.Add(System.Net.IPNetwork.TryParse(value.Trim(), out var network)
                ? network
                : throw new InvalidOperationException($"{SectionName}:KnownNetworks: '{value}' is not a network such as 10.0.0.0/8."));
        }

        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

            // The defaults trust loopback; here only what the configuration names is trusted.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(proxy);
            }

            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(network);
            }
        });
        return services;
    }
}
