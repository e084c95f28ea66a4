using System.Text;
using CommitmentBot.Slack.Signing;
using CommitmentBot.Slack.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace CommitmentBot.Slack.Tests;

public sealed class SlackRequestVerifierTests
{
    // Slack's published example ("Verifying requests from Slack"): a /webhook-collect slash command.
    private const string ExampleSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string ExampleTimestamp = "1531420618";
    private const string ExampleBody =
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar"
        + "&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com"
        + "%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private const string ExampleSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static SlackRequestVerifier VerifierAt(long unixSeconds, string? secret = ExampleSecret) =>
        new(secret, new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(unixSeconds)));

    [Fact]
    public void Verify_AcceptsSlacksPublishedExample()
    {
        var verifier = VerifierAt(1531420618 + 30);

        Assert.Equal(SignatureFailure.None, verifier.Verify(ExampleTimestamp, ExampleSignature, Encoding.UTF8.GetBytes(ExampleBody)));
    }

    [Fact]
    public void Sign_ReproducesSlacksPublishedSignature()
    {
        Assert.Equal(ExampleSignature, VerifierAt(1531420618).Sign(ExampleTimestamp, Encoding.UTF8.GetBytes(ExampleBody)));
    }

    [Theory]
    [InlineData("text=", "text=x")]
    [InlineData("roadrunner", "roadrunnet")]
    [InlineData("&trigger_id", "&trigger_ID")]
    public void Verify_RejectsTamperedBody(string original, string replacement)
    {
        var tampered = ExampleBody.Replace(original, replacement, StringComparison.Ordinal);

        Assert.Equal(SignatureFailure.BadSignature, VerifierAt(1531420618).Verify(ExampleTimestamp, ExampleSignature, Encoding.UTF8.GetBytes(tampered)));
    }

    [Theory]
    [InlineData(301)]
    [InlineData(-301)]
    [InlineData(86_400)]
    public void Verify_RejectsTimestampOutsideFiveMinutes(int secondsFromSigning)
    {
        var verifier = VerifierAt(1531420618 + secondsFromSigning);

        Assert.Equal(SignatureFailure.StaleTimestamp, verifier.Verify(ExampleTimestamp, ExampleSignature, Encoding.UTF8.GetBytes(ExampleBody)));
    }

    [Theory]
    [InlineData(300)]
    [InlineData(-300)]
    public void Verify_AcceptsTimestampAtTheEdgeOfTheWindow(int secondsFromSigning)
    {
        var verifier = VerifierAt(1531420618 + secondsFromSigning);

        Assert.Equal(SignatureFailure.None, verifier.Verify(ExampleTimestamp, ExampleSignature, Encoding.UTF8.GetBytes(ExampleBody)));
    }

    [Theory]
    [InlineData(null, ExampleSignature)]
    [InlineData(ExampleTimestamp, null)]
    [InlineData("", "")]
    public void Verify_RejectsMissingHeaders(string? timestamp, string? signature)
    {
        Assert.Equal(SignatureFailure.MissingHeaders, VerifierAt(1531420618).Verify(timestamp, signature, Encoding.UTF8.GetBytes(ExampleBody)));
    }

    [Theory]
    [InlineData("v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b50")]
    [InlineData("v0=z2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    public void Verify_RejectsMalformedSignature(string signature)
    {
        Assert.Equal(SignatureFailure.BadSignature, VerifierAt(1531420618).Verify(ExampleTimestamp, signature, Encoding.UTF8.GetBytes(ExampleBody)));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("-1531420618")]
    [InlineData("1531420618.5")]
    public void Verify_RejectsTimestampThatIsNotUnixSeconds(string timestamp)
    {
        Assert.Equal(SignatureFailure.BadTimestamp, VerifierAt(1531420618).Verify(timestamp, ExampleSignature, Encoding.UTF8.GetBytes(ExampleBody)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Verify_RejectsEverything_WhenNoSecretIsConfigured(string? secret)
    {
        var verifier = VerifierAt(1531420618, secret);

        Assert.Equal(SignatureFailure.NoSecret, verifier.Verify(ExampleTimestamp, ExampleSignature, Encoding.UTF8.GetBytes(ExampleBody)));
    }

    [Fact]
    public void Verify_RejectsSignatureMadeWithAnotherSecret()
    {
        var other = TestSigner.Sign("another-secret", 1531420618, ExampleBody);

        Assert.Equal(SignatureFailure.BadSignature, VerifierAt(1531420618).Verify(ExampleTimestamp, other, Encoding.UTF8.GetBytes(ExampleBody)));
    }
}
