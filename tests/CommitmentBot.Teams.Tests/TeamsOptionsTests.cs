using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Ports;
using CommitmentBot.Teams.References;
using CommitmentBot.Teams.Tests.Fakes;
using CommitmentBot.TestSupport.BotFramework;
using CommitmentBot.TestSupport.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Teams.Tests;

public sealed class TeamsOptionsTests
{
    private static Dictionary<string, string?> Complete() => new()
    {
        ["Teams:AppId"] = BotTokens.AppId,
        ["Teams:AppPassword"] = "secret",
        ["Teams:TenantId"] = "tenant",
    };

    private static TeamsOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IChatRequestHandler, RecordingChatRequestHandler>();
        services.AddSingleton<IRequestDeduplicator, InMemoryDeduplicator>();
        services.AddSingleton<IConversationReferenceStore, InMemoryConversationReferenceStore>();
        services.AddTeams(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<TeamsOptions>>().Value;
    }

    [Theory]
    [InlineData("Teams:AppId", "Teams:AppId is required")]
    [InlineData("Teams:AppPassword", "Teams:AppPassword (or Teams:CertificatePath / Teams:CertificateThumbprint) is required")]
    [InlineData("Teams:TenantId", "Teams:TenantId is required")]
    public void AddTeams_FailsNamingTheKey_WhenValueIsMissing(string key, string message)
    {
        var settings = Complete();
        settings.Remove(key);

        var error = Assert.Throws<OptionsValidationException>(() => Resolve(settings));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddTeams_NeedsNoTenant_WhenMultiTenant()
    {
        var settings = Complete();
        settings.Remove("Teams:TenantId");
        settings["Teams:AppType"] = "MultiTenant";

        var options = Resolve(settings);

        Assert.Equal("https://login.microsoftonline.com/botframework.com", options.ResolveAuthority());
    }

    [Fact]
    public void AddTeams_UsesTenantAuthorityAndPublicEndpoints_ByDefault()
    {
        var options = Resolve(Complete());

        Assert.Equal(TeamsAppType.SingleTenant, options.AppType);
        Assert.Equal("https://login.microsoftonline.com/tenant", options.ResolveAuthority());
        Assert.Equal("https://login.botframework.com/v1/.well-known/openidconfiguration", options.OpenIdMetadataUrl);
        Assert.Equal("https://api.botframework.com", options.TokenIssuer);
        Assert.Null(options.TokenUrl);
        Assert.Contains("https://smba.trafficmanager.net/", options.TrustedServiceUrls);
        Assert.Equal("28:" + BotTokens.AppId, options.BotId);
    }

    [Fact]
    public void AddTeams_Fails_WhenTwoCredentialsAreGiven()
    {
        var settings = Complete();
        settings["Teams:CertificateThumbprint"] = "ABCDEF";

        var error = Assert.Throws<OptionsValidationException>(() => Resolve(settings));

        Assert.Contains("only one of", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddTeams_Fails_WhenUrlIsNotAbsolute()
    {
        var settings = Complete();
        settings["Teams:OpenIdMetadataUrl"] = "login.botframework.com";

        var error = Assert.Throws<OptionsValidationException>(() => Resolve(settings));

        Assert.Contains("Teams:OpenIdMetadataUrl", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Teams:AppId", "11111111-2222-3333-4444-555555555555", true)]
    [InlineData("Teams:AppPassword", "secret", true)]
    [InlineData("Teams:TenantId", "tenant-contoso", true)]
    [InlineData("Teams:CertificateThumbprint", "ABCDEF", true)]
    [InlineData("Teams:AppId", "", false)]
    [InlineData("Teams:AppId", null, false)]
    [InlineData("Teams:OpenIdMetadataUrl", "https://login.botframework.com/v1/.well-known/openidconfiguration", false)]
    public void IsConfigured_IsTrue_WhenAnIdOrCredentialIsSet(string key, string? value, bool expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        Assert.Equal(expected, TeamsOptions.IsConfigured(configuration));
    }
}
