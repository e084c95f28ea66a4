using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommitmentBot.Sandbox;

namespace CommitmentBot.Tests.Sandbox;

/// <summary>
/// SPEC's sandbox calls for capture: <c>POST /sandbox/api/post</c> (an ordinary channel message; noticing reads it) and
/// <c>POST /sandbox/api/shortcut</c> ("Track as a promise": the prefilled form, submitted with <c>click</c>).
/// </summary>
public sealed class SandboxCaptureTests : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SandboxClient sandbox = new();

    public void Dispose() => sandbox.Dispose();

    private async Task<SandboxMessage> PostAsync(string user, string channel, string text)
    {
        using var response = await sandbox.Http.PostAsJsonAsync("/sandbox/api/post", new { user, channel, text });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<SandboxMessage>(body, Json)!;
    }

    private async Task<SandboxMessage> ShortcutAsync(string user, string messageId)
    {
        using var response = await sandbox.Http.PostAsJsonAsync("/sandbox/api/shortcut", new { user, messageId });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<SandboxMessage>(body, Json)!;
    }

    [Fact]
    public async Task Post_PutsAnOrdinaryMessageInTheChannel_AndReturnsIt()
    {
        var posted = await PostAsync("ana", "acme-deal", "hi all, kicking off the pilot today");

        Assert.Equal("hi all, kicking off the pilot today", posted.Text);
        Assert.Equal(SandboxClient.Start, posted.At);
        Assert.Equal("ana", posted.From);
        Assert.Empty(posted.Buttons);
        Assert.Equal(posted.Id, Assert.Single(await sandbox.ChannelAsync("acme-deal")).Id);
        Assert.Empty(await sandbox.InboxAsync("ana"));
    }

    [Fact]
    public async Task Shortcut_ReturnsThePrefilledForm_AndClickTracksThePromiseWithItsLink()
    {
        var posted = await PostAsync("ana", "acme-deal", "Thanks all! I'll send Acme the revised quote by Friday 3pm.");

        var form = await ShortcutAsync("ana", posted.Id);

        var track = form.Button("capture:new");
        Assert.Equal("Track", track.Label);
        Assert.Equal(["text", "customer", "when", "link"], track.Inputs.Select(i => i.Id));
        Assert.Equal(("Acme", "by Friday 3pm"), (track.Inputs[1].Initial, track.Inputs[2].Initial));
        Assert.Equal("I'll send Acme the revised quote by Friday 3pm.", track.Inputs.Single(i => i.Id == "text").Initial);
        Assert.EndsWith("/#" + posted.Id, track.Inputs.Single(i => i.Id == "link").Initial, StringComparison.Ordinal);

        var created = await sandbox.ClickAsync("ana", form, "capture:new");
        var again = await sandbox.ClickAsync("ana", form, "capture:new");

        Assert.Equal("Created", created.Kind);
        Assert.Contains("Fri 5 Feb, 3:00 PM", created.Text, StringComparison.Ordinal);
        Assert.Contains("/#" + posted.Id, created.Text, StringComparison.Ordinal);
        Assert.Equal(["P-1"], await sandbox.OpenIdsAsync("ana"));
        Assert.Equal("P-1", again.Sections[0].Title?.Split(' ')[0]);
        Assert.Contains("/#" + posted.Id, (await sandbox.SayAsync("ana", "list")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shortcut_OnSomeoneElsesMessage_TracksItForTheOneWhoUsedIt_WithEditedValues()
    {
        var posted = await PostAsync("maria", "acme-deal", "the customer wants the pricing deck");

        var form = await ShortcutAsync("ana", posted.Id);
        var created = await sandbox.ClickAsync("ana", form, "capture:new", new Dictionary<string, string> { ["when"] = "tomorrow 5pm", ["customer"] = "Acme" });

        Assert.Equal("Created", created.Kind);
        Assert.Equal(["P-1"], await sandbox.OpenIdsAsync("ana"));
        Assert.Empty(await sandbox.OpenIdsAsync("maria"));
    }

    [Fact]
    public async Task Noticing_IsOptIn_ThenNotesTheAuthorOnly_WithTrackAndNotAPromise()
    {
        await PostAsync("ana", "acme-deal", "I'll send you the revised quote by Friday");
        Assert.Empty(await sandbox.InboxAsync("ana"));

        var on = await sandbox.SayAsync("sam", "admin policy notice on");
        Assert.NotEqual("Error", on.Kind);
        await PostAsync("ana", "acme-deal", "I'll send you the revised quote by Friday");

        var note = Assert.Single(await sandbox.InboxAsync("ana"));
        Assert.StartsWith("Looks like you promised the revised quote by Fri 5 Feb, 6:00 PM", note.Text, StringComparison.Ordinal);
        Assert.Equal([("capture:new", "Track"), ("notapromise:acme-deal", "Not a promise")], note.ButtonPairs());
        Assert.Empty(await sandbox.InboxAsync("maria"));
        Assert.Empty(await sandbox.InboxAsync("sam"));
        Assert.Empty(await sandbox.OpenIdsAsync("ana"));

        var tracked = await sandbox.ClickAsync("ana", note, "capture:new");
        Assert.Equal("Created", tracked.Kind);
        Assert.Equal(["P-1"], await sandbox.OpenIdsAsync("ana"));
    }

    [Fact]
    public async Task NotAPromise_KeepsTheNoticerQuietForThatAuthorInThatChannel()
    {
        await sandbox.SayAsync("sam", "admin policy notice on");
        await PostAsync("ana", "acme-deal", "we'll ship the units by Thursday");
        var note = Assert.Single(await sandbox.InboxAsync("ana"));

        var muted = await sandbox.ClickAsync("ana", note, "notapromise:acme-deal");
        await PostAsync("ana", "acme-deal", "I'll send the W-9 by Friday");
        await PostAsync("ana", "globex-deal", "I'll send the W-9 by Friday");

        Assert.Contains("30 days", muted.Text, StringComparison.Ordinal);
        var inbox = await sandbox.InboxAsync("ana");
        Assert.Equal(2, inbox.Count);
        Assert.Equal("notapromise:globex-deal", inbox[1].Buttons[1].ActionId);
        Assert.Empty(await sandbox.OpenIdsAsync("ana"));
    }

    [Theory]
    [InlineData("/sandbox/api/post", "{\"user\":\"ana\",\"channel\":\"x\"}", 400)]
    [InlineData("/sandbox/api/post", "{\"user\":\"nobody\",\"channel\":\"x\",\"text\":\"hi\"}", 404)]
    [InlineData("/sandbox/api/post", "{\"user\":\"ana\",\"channel\":\"not ok!\",\"text\":\"hi\"}", 400)]
    [InlineData("/sandbox/api/post", "not json", 400)]
    [InlineData("/sandbox/api/shortcut", "{\"user\":\"ana\"}", 400)]
    [InlineData("/sandbox/api/shortcut", "{\"user\":\"ana\",\"messageId\":\"m999\"}", 404)]
    public async Task BadInput_GetsA4xxThatSaysWhy(string path, string body, int status)
    {
        using var response = await sandbox.SendRawAsync(HttpMethod.Post, path, body);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains("detail", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shortcut_OnSomeoneElsesDirectMessage_IsForbidden()
    {
        var reply = await sandbox.SayAsync("maria", "list");

        using var response = await sandbox.Http.PostAsJsonAsync("/sandbox/api/shortcut", new { user = "ana", messageId = reply.Id });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
