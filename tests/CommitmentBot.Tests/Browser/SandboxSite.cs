using System.Net;
using CommitmentBot.Tests.Sandbox;
using CommitmentBot.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CommitmentBot.Tests.Browser;

/// <summary>
/// The sandbox served for real by Kestrel on 127.0.0.1 and a free port, so a browser can load the page
/// over HTTP (the in-memory test server is not reachable from another process).
/// </summary>
public sealed class SandboxSite : IDisposable
{
    private readonly TestApp app;

    public SandboxSite()
    {
        app = SandboxClient.CreateApp();
        app.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseUrl = addresses.Addresses.Single().TrimEnd('/') + "/";
    }

    /// <summary>The page's address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public string BaseUrl { get; }

    public void Dispose() => app.Dispose();
}
