using CommitmentBot.Slack.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Slack.Tests;

public sealed class SlackOptionsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Start_Fails_NamingTheKey_WhenSigningSecretIsMissing(string? secret)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SlackTestApp.StartAsync(new Dictionary<string, string?> { ["Slack:SigningSecret"] = secret }));

        Assert.Contains("Slack:SigningSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Fails_WhenNeitherBotTokenNorOAuthIsConfigured()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SlackTestApp.StartAsync(new Dictionary<string, string?> { ["Slack:BotToken"] = null }));

        Assert.Contains("Slack:BotToken", error.Message, StringComparison.Ordinal);
        Assert.Contains("Slack:ClientId", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Slack:BotToken", "xoxp-user-token", "xoxb-")]
    [InlineData("Slack:ApiBaseUrl", "not a url", "Slack:ApiBaseUrl")]
    [InlineData("Slack:CommandReplyBudget", "00:00:05", "Slack:CommandReplyBudget")]
    [InlineData("Slack:ClientId", "only-the-id", "Slack:ClientSecret")]
    public void Validate_ExplainsWhatIsWrong(string key, string value, string expected)
    {
        var options = new SlackOptions { SigningSecret = "secret", BotToken = "xoxb-1" };
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build().GetSection("Slack").Bind(options);

        var result = new SlackOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Accepts_SingleWorkspaceAndOAuthSettings()
    {
        Assert.True(new SlackOptionsValidator().Validate(null, new SlackOptions { SigningSecret = "s", BotToken = "xoxb-1" }).Succeeded);
        Assert.True(new SlackOptionsValidator().Validate(null, new SlackOptions { SigningSecret = "s", ClientId = "1.2", ClientSecret = "c" }).Succeeded);
    }

    [Theory]
    [InlineData("SigningSecret", true)]
    [InlineData("BotToken", true)]
    [InlineData("ClientId", true)]
    [InlineData("ApiBaseUrl", false)]
    public void IsConfigured_IsTrue_WhenAnyCredentialIsPresent(string key, bool expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Slack:" + key] = "value" }).Build();

        Assert.Equal(expected, SlackOptions.IsConfigured(configuration));
    }

    [Fact]
    public void IsConfigured_IsFalse_ForAnEmptyConfiguration()
    {
        Assert.False(SlackOptions.IsConfigured(new ConfigurationBuilder().Build()));
    }
}
