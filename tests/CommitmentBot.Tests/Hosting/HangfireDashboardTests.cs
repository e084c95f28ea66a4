using System.Net;
using System.Security.Claims;
using CommitmentBot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CommitmentBot.Tests.Hosting;

/// <summary>
/// Issue 9.5: the Hangfire dashboard does not trust every loopback connection. Behind a reverse proxy on the same host
/// every connection is loopback, so a forwarding header from a proxy not named in <c>ForwardedHeaders:KnownProxies</c>
/// means "not local"; outside Development the dashboard is off, or needs an authenticated user in the role.
/// </summary>
public sealed class HangfireDashboardTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An app whose every request arrives from 127.0.0.1 (as from a proxy on the same host), optionally signed in.</summary>
    private static TestApp App(string environment, Dictionary<string, string?>? settings = null, string? role = null) => new(
        new Dictionary<string, string?>(settings ?? []) { ["Storage:Provider"] = "Sqlite" },
        overrides: services => services.AddSingleton<IStartupFilter>(new FromLoopback(role)),
        environment: environment);

    private static async Task<HttpStatusCode> GetDashboardAsync(TestApp app, string? forwardedFor = null)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        using var response = await client.SendAsync(request, Ct);
        return response.StatusCode;
    }

    [Fact]
    public async Task InDevelopment_ALoopbackRequest_IsLocal()
    {
        await using var app = App("Development");

        Assert.Equal(HttpStatusCode.OK, await GetDashboardAsync(app));
    }

    [Fact]
    public async Task InDevelopment_ALoopbackRequestForwardedByAnUntrustedProxy_IsRefused()
    {
        await using var app = App("Development");

        var status = await GetDashboardAsync(app, "203.0.113.9");

        Assert.True(status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"got {(int)status}");
    }

    [Fact]
    public async Task InDevelopment_ARequestForwardedByAKnownProxy_IsTheClients_AndRefused()
    {
        await using var app = App("Development", new() { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });

        var forwarded = await GetDashboardAsync(app, "203.0.113.9");
        var localBehindProxy = await GetDashboardAsync(app, "127.0.0.1");

        Assert.True(forwarded is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"got {(int)forwarded}");
        Assert.Equal(HttpStatusCode.OK, localBehindProxy);
    }

    [Fact]
    public async Task OutsideDevelopment_TheDashboardIsOff()
    {
        await using var app = App("Production");

        Assert.Equal(HttpStatusCode.NotFound, await GetDashboardAsync(app));
    }

    [Fact]
    public async Task OutsideDevelopment_WhenTurnedOn_OnlyAnAuthenticatedUserInTheRoleGetsIn()
    {
        var on = new Dictionary<string, string?> { ["Hangfire:Dashboard"] = "true", ["Hangfire:DashboardRole"] = "Ops" };
        await using var anonymous = App("Production", on);
        await using var other = App("Production", on, role: "Sales");
        await using var admin = App("Production", on, role: "Ops");

        var local = await GetDashboardAsync(anonymous);
        var wrongRole = await GetDashboardAsync(other);

        Assert.True(local is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"got {(int)local}");
        Assert.True(wrongRole is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"got {(int)wrongRole}");
        Assert.Equal(HttpStatusCode.OK, await GetDashboardAsync(admin));
    }

    [Fact]
    public void AKnownProxyThatIsNotAnAddress_StopsTheStart()
    {
        using var app = App("Production", new() { ["ForwardedHeaders:KnownProxies:0"] = "proxy.internal" });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("ForwardedHeaders:KnownProxies", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Runs first: the connection comes from loopback, and the user is signed in with <paramref name="role"/> when given.</summary>
    private sealed class FromLoopback(string? role) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Loopback;
                context.Connection.LocalIpAddress = IPAddress.Loopback;
                if (role is not null)
                {
                    context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "op"), new Claim(ClaimTypes.Role, role)], "Test"));
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
