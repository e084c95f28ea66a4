using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommitmentBot.Tests.Support;

namespace CommitmentBot.Tests.Sandbox;

public sealed class SandboxSmokeTests : IDisposable
{
    // A fixed start (Monday 09:00 in New York): from the real time, a due landing on a weekend would bundle the
    // heads-up and due nudges into one Monday message, and the count below would depend on when the test runs.
    private readonly TestApp app = new(new Dictionary<string, string?>
    {
        ["Storage:Provider"] = "Sqlite",
        ["Sandbox:Start"] = "2026-11-23T14:00:00Z",
    });

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Say_CreatesAPromise_AndTheClockDeliversTheLadder()
    {
        var http = app.CreateClient();
        var reply = await http.PostAsJsonAsync("/sandbox/api/say", new { user = "ana", text = "send revised quote for Acme in 3 days" });
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var body = await reply.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("P-1", body.GetProperty("reply").GetProperty("text").GetString(), StringComparison.Ordinal);

        var moved = await http.PostAsJsonAsync("/sandbox/api/clock", new { advance = "P10D" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var inbox = await http.GetFromJsonAsync<JsonElement>("/sandbox/api/inbox/ana");
        Assert.True(inbox.GetArrayLength() >= 3);
        var channel = await http.GetFromJsonAsync<JsonElement>("/sandbox/api/channels/escalations");
        Assert.Equal(1, channel.GetArrayLength());
    }
}
