namespace CommitmentBot.Tests.Sandbox;

/// <summary>Issue 9's defects in messages and commands, end to end through the sandbox's JSON API.</summary>
public sealed class SandboxDefectTests : IDisposable
{
    private readonly SandboxClient sandbox = new();

    public void Dispose() => sandbox.Dispose();

    /// <summary>9.2: it answered "Something went wrong" (a 500) and <c>list</c> then showed the promise.</summary>
    [Fact]
    public async Task ADueYearsAway_GetsAClearReply_AndSavesNothing()
    {
        var reply = await sandbox.SayAsync("ana", "/promise send the quote for Acme by 12/31/9999");

        Assert.Equal("Error", reply.Kind);
        Assert.Equal(
            "I couldn't use \"12/31/9999\" as the due: that is more than five years away; the latest due I take is 1 Feb 2032. Nothing was saved.",
            reply.Text);
        Assert.Empty(await sandbox.OpenIdsAsync("ana"));
    }
}
