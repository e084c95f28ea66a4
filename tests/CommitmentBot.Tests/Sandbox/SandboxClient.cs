using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CommitmentBot.Sandbox;
using CommitmentBot.Tests.Support;

namespace CommitmentBot.Tests.Sandbox;

/// <summary>
/// Drives the sandbox only through its JSON API, as a script or the page would. The app starts with the
/// seeded team (ana the rep in New York reporting to maria in Chicago, sam the admin in London, channel
/// #escalations) and its simulated clock at <see cref="Start"/>: Monday 1 Feb 2027, 09:00 in New York,
/// 08:00 in Chicago, 14:00 in London — inside everyone's working hours, weeks away from any DST change.
/// </summary>
public sealed class SandboxClient : IDisposable
{
    public static readonly DateTimeOffset Start = new(2027, 2, 1, 14, 0, 0, TimeSpan.Zero);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public SandboxClient()
        : this(Start)
    {
    }

    /// <summary>A sandbox whose simulated clock starts at <paramref name="start"/>.</summary>
    public SandboxClient(DateTimeOffset start)
    {
        App = CreateApp(start);
        Http = App.CreateClient();
    }

    public TestApp App { get; }

    public HttpClient Http { get; }

    /// <summary>A sandbox app on its own SQLite file with the clock at <see cref="Start"/>.</summary>
    public static TestApp CreateApp() => CreateApp(Start);

    /// <summary>A sandbox app on its own SQLite file with the clock at <paramref name="start"/>.</summary>
    public static TestApp CreateApp(DateTimeOffset start) => new(new Dictionary<string, string?>
    {
        ["Storage:Provider"] = "Sqlite",
        ["Sandbox:Start"] = start.ToString("O"),
    });

    public void Dispose()
    {
        Http.Dispose();
        App.Dispose();
    }

    public async Task<SandboxMessage> SayAsync(string user, string text, string? channel = null, string? requestId = null)
    {
        using var response = await Http.PostAsJsonAsync("/sandbox/api/say", new { user, text, channel, requestId });
        return await ReplyAsync(response);
    }

    public async Task<SandboxMessage> ClickAsync(string user, SandboxMessage message, string actionId, IReadOnlyDictionary<string, string>? values = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var response = await Http.PostAsJsonAsync("/sandbox/api/click", new { user, messageId = message.Id, actionId, values });
        return await ReplyAsync(response);
    }

    /// <summary>
    /// Leave the weekly digest out of <see cref="InboxAsync"/>: a clock moved past Monday 09:00 brings each manager the
    /// digest and each rep "your week" (SPEC, "Where it is shown"), which tests of the ladder and buttons are not about.
    /// </summary>
    public bool WithoutDigests { get; init; }

    public async Task<IReadOnlyList<SandboxMessage>> InboxAsync(string user)
    {
        var inbox = (await Http.GetFromJsonAsync<SandboxMessage[]>($"/sandbox/api/inbox/{user}", Json))!;
        return WithoutDigests ? [.. inbox.Where(m => !IsDigest(m))] : inbox;
    }

    /// <summary>The manager's weekly digest or a rep's "your week".</summary>
    public static bool IsDigest(SandboxMessage message) =>
        message.Kind == nameof(Core.Messages.MessageKind.Digest);

    public async Task<IReadOnlyList<SandboxMessage>> ChannelAsync(string name) =>
        (await Http.GetFromJsonAsync<SandboxMessage[]>($"/sandbox/api/channels/{name}", Json))!;

    public async Task<SandboxApi.ClockView> ClockAsync() =>
        (await Http.GetFromJsonAsync<SandboxApi.ClockView>("/sandbox/api/clock", Json))!;

    public Task<SandboxApi.ClockView> AdvanceAsync(string isoDuration) => MoveClockAsync(new { advance = isoDuration });

    public Task<SandboxApi.ClockView> MoveToAsync(DateTimeOffset instant) => MoveClockAsync(new { to = instant });

    public async Task PutUserAsync(string id, string? name = null, string? zone = null, string? manager = null, bool? admin = null)
    {
        using var response = await Http.PutAsJsonAsync($"/sandbox/api/users/{id}", new { name, zone, manager, admin });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Sends a raw body (for malformed-input tests) and returns the response.</summary>
    public Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, string body) =>
        Http.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") });

    /// <summary>The ids of the open promises <paramref name="user"/>'s <c>list</c> shows, in order.</summary>
    public async Task<IReadOnlyList<string>> OpenIdsAsync(string user)
    {
        var list = await SayAsync(user, "list");
        Assert.Equal("List", list.Kind);
        return list.Buttons.Where(b => b.ActionId.StartsWith("done:", StringComparison.Ordinal)).Select(b => b.ActionId[5..]).ToList();
    }

    private async Task<SandboxApi.ClockView> MoveClockAsync(object body)
    {
        using var response = await Http.PostAsJsonAsync("/sandbox/api/clock", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SandboxApi.ClockView>(Json))!;
    }

    private static async Task<SandboxMessage> ReplyAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<SandboxApi.ReplyView>(body, Json)!.Reply;
    }
}

/// <summary>Small readings of sandbox messages.</summary>
public static class SandboxMessageExtensions
{
    public static SandboxButton Button(this SandboxMessage message, string actionId)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Assert.Single(message.Buttons, b => b.ActionId == actionId);
    }

    public static IReadOnlyList<(string ActionId, string Label)> ButtonPairs(this SandboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Buttons.Select(b => (b.ActionId, b.Label)).ToList();
    }
}
