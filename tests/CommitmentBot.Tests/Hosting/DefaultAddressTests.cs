using CommitmentBot.Hosting;
using Microsoft.Extensions.Configuration;

namespace CommitmentBot.Tests.Hosting;

/// <summary>The app listens on the sandbox's documented address only when the deployment names none of its own.</summary>
public sealed class DefaultAddressTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void NothingConfigured_ListensOnTheSandboxAddress() =>
        Assert.Equal("http://localhost:5080", AppOptions.DefaultUrlUnlessConfigured(Config()));

    [Theory]
    [InlineData("urls", "http://0.0.0.0:8080")]
    [InlineData("URLS", "http://127.0.0.1:5999")]
    [InlineData("http_ports", "8080")]
    [InlineData("https_ports", "8443")]
    [InlineData("Kestrel:Endpoints:Http:Url", "http://0.0.0.0:80")]
    public void AnAddressSettingOfAspNetCore_Wins(string key, string value) =>
        Assert.Null(AppOptions.DefaultUrlUnlessConfigured(Config((key, value))));

    [Fact]
    public void TheEnvironmentVariable_IsNotOverriddenByAppSettings()
    {
        // The shipped appsettings.json must not name an address: it would beat ASPNETCORE_URLS.
        var settings = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var fromFile = new ConfigurationBuilder().AddJsonFile(settings, optional: false).Build();

        Assert.Null(fromFile["urls"]);
    }
}
