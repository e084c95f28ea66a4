using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CommitmentBot.Tests.Sandbox;

/// <summary>
/// Bad input, each case proven: a clear reply with nothing stored for bad commands, and a 4xx
/// ProblemDetails naming the problem (never a 500) for bad HTTP requests.
/// </summary>
public sealed class SandboxBadInputTests : IDisposable
{
    private const string Examples = "e.g. `by Friday 3pm`, `by tomorrow morning`, `by Dec 5 at 9am ET`, `by EOD`, `in 2 business days`, `by next week`";

    private readonly SandboxClient sandbox = new();

    public void Dispose() => sandbox.Dispose();

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("lsit")]
    public async Task UnknownCommand_GetsAClearReply_AndNothingIsStored(string text)
    {
        var reply = await sandbox.SayAsync("ana", text);

        Assert.Equal("Error", reply.Kind);
        Assert.StartsWith($"I don't know that command: `{text}`. Commands: `list`, `show P-3`, `done P-3`", reply.Text, StringComparison.Ordinal);
        Assert.EndsWith("Nothing was saved.", reply.Text, StringComparison.Ordinal);
        Assert.Empty(await sandbox.OpenIdsAsync("ana"));
    }

    [Theory]
    [InlineData("send revised quote for Acme", "By when? Add a due to the promise, " + Examples + ". Nothing was saved.")]
    [InlineData("send revised quote for Acme by Feb 30", "I couldn't use \"Feb 30\" as the due: there is no 30 February. Try " + Examples + ". Nothing was saved.")]
    [InlineData("send revised quote for Acme by 25:00", "I couldn't use \"25:00\" as the due: there is no 25:00. Try " + Examples + ". Nothing was saved.")]
    [InlineData("send revised quote for Acme by yesterday", "I couldn't use \"yesterday\" as the due: that time has already passed. Try " + Examples + ". Nothing was saved.")]
    [InlineData("send revised quote for Acme by 2027-01-29", "I couldn't use \"2027-01-29\" as the due: that time has already passed. Try " + Examples + ". Nothing was saved.")]
    [InlineData("send revised quote for Acme by the twelfth of never", "I couldn't read \"the twelfth of never\" as a date or time. Try " + Examples + ". Nothing was saved.")]
    public async Task MissingPastOrImpossibleDue_GetsExamples_AndNothingIsStored(string text, string expected)
    {
        var reply = await sandbox.SayAsync("ana", text);

        Assert.Equal("Error", reply.Kind);
        Assert.StartsWith(expected, reply.Text, StringComparison.Ordinal);
        Assert.Contains(Examples, reply.Text, StringComparison.Ordinal);
        Assert.Empty(reply.Buttons);
        Assert.Empty(await sandbox.OpenIdsAsync("ana"));
        Assert.Null((await sandbox.ClockAsync()).Next);
    }

    [Fact]
    public async Task OverLongPromiseOrCustomer_IsRefused_AndNothingIsStored()
    {
        var tooLong = await sandbox.SayAsync("ana", new string('q', 501) + " for Acme by Friday");
        var customerTooLong = await sandbox.SayAsync("ana", "send the quote for " + new string('C', 101) + " by Friday");

        Assert.Equal("Error", tooLong.Kind);
        Assert.StartsWith("That promise is 501 characters; keep it under 500.", tooLong.Text, StringComparison.Ordinal);
        Assert.Equal(("Error", "That customer name is 101 characters; keep it under 100."), (customerTooLong.Kind, customerTooLong.Text));
        Assert.Empty(await sandbox.OpenIdsAsync("ana"));

        // The limits themselves are fine.
        var longest = await sandbox.SayAsync("ana", new string('q', 500) + " for " + new string('C', 100) + " by Friday");
        Assert.Equal("Created", longest.Kind);
    }

    [Theory]
    [InlineData("""{"user":"ana","text":""}""", "Both \"user\" and \"text\" are required.")]
    [InlineData("""{"user":"ana","text":"   "}""", "Both \"user\" and \"text\" are required.")]
    [InlineData("""{"text":"list"}""", "Both \"user\" and \"text\" are required.")]
    public async Task Say_WithEmptyText_IsA400(string body, string detail)
    {
        await AssertProblemAsync(HttpMethod.Post, "/sandbox/api/say", body, HttpStatusCode.BadRequest, detail);
    }

    [Fact]
    public async Task Say_WithTextBeyondAnyCommand_IsA400()
    {
        var body = JsonSerializer.Serialize(new { user = "ana", text = new string('x', 4001) });

        await AssertProblemAsync(HttpMethod.Post, "/sandbox/api/say", body, HttpStatusCode.BadRequest, "text: at most 4000 characters.");
        Assert.Empty(await sandbox.OpenIdsAsync("ana"));
    }

    [Fact]
    public async Task UnknownOrSomeoneElsesId_IsRefused()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        await sandbox.PutUserAsync("lee", "Lee", "America/New_York", "maria");

        var unknown = await sandbox.SayAsync("ana", "done P-99");
        var notAnId = await sandbox.SayAsync("ana", "done banana");
        var someoneElses = await sandbox.SayAsync("lee", "done P-1");
        var moveSomeoneElses = await sandbox.SayAsync("lee", "move P-1 to next Tuesday");

        Assert.Equal(("Error", "I can't find P-99. `/promise list` shows your promises."), (unknown.Kind, unknown.Text));
        Assert.Equal(("Error", "`banana` is not a promise id. Ids look like `P-3`; `/promise list` shows yours."), (notAnId.Kind, notAnId.Text));
        Assert.Equal(("Error", "P-1 isn't yours; only its owner can change it."), (someoneElses.Kind, someoneElses.Text));
        Assert.Equal(("Error", "P-1 isn't yours; only its owner can change it."), (moveSomeoneElses.Kind, moveSomeoneElses.Text));
        Assert.Contains("Due: Fri 5 Feb, 3:00 PM EST — in 4 days\nStatus: 🟢 open", (await sandbox.SayAsync("ana", "list")).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("done P-1", "P-1 is already kept; nothing changed.")]
    [InlineData("missed P-1", "P-1 is already kept; nothing changed.")]
    [InlineData("cancel P-1", "P-1 is already kept; nothing changed.")]
    [InlineData("risk P-1", "P-1 is already kept; it can't be at risk.")]
    [InlineData("move P-1 to next Tuesday", "P-1 is already kept; it can't be moved.")]
    public async Task IllegalTransition_GetsAClearMessage_AndChangesNothing(string second, string expected)
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        await sandbox.SayAsync("ana", "done P-1");

        var reply = await sandbox.SayAsync("ana", second);

        Assert.Equal(("Error", expected), (reply.Kind, reply.Text));
        Assert.Equal("P-1 is already kept; nothing changed.", (await sandbox.SayAsync("ana", "done P-1")).Text);
    }

    [Fact]
    public async Task SameRequestId_CreatesOnePromise()
    {
        var first = await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm", requestId: "retry-1");
        var retried = await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm", requestId: "retry-1");
        var fresh = await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm", requestId: "retry-2");

        Assert.StartsWith("Got it: P-1 is saved.", first.Text, StringComparison.Ordinal);
        Assert.StartsWith("Got it: P-1 is saved.", retried.Text, StringComparison.Ordinal);
        Assert.StartsWith("Got it: P-2 is saved.", fresh.Text, StringComparison.Ordinal);
        Assert.Equal(["P-1", "P-2"], await sandbox.OpenIdsAsync("ana"));
    }

    public static TheoryData<string, string, string> MalformedBodies => new()
    {
        // say
        { "POST /sandbox/api/say", "{\"user\":\"ana\"", "The body is not valid JSON (line 1, position 14)." },
        { "POST /sandbox/api/say", "", "The body is not valid JSON (line 1, position 1)." },
        { "POST /sandbox/api/say", "[]", "The body must be a JSON object." },
        { "POST /sandbox/api/say", "null", "The body must be a JSON object." },
        { "POST /sandbox/api/say", "\"list\"", "The body must be a JSON object." },
        { "POST /sandbox/api/say", "{\"user\":5,\"text\":\"list\"}", "user: must be a string." },
        { "POST /sandbox/api/say", "{\"user\":\"ana\",\"text\":[\"list\"]}", "text: must be a string." },
        { "POST /sandbox/api/say", "{\"user\":\"ana\",\"text\":\"list\",\"channel\":{}}", "channel: must be a string." },
        { "POST /sandbox/api/say", "{\"user\":\"ana\",\"text\":\"list\",\"requestId\":7}", "requestId: must be a string." },
        { "POST /sandbox/api/say", "{\"user\":\"ana\",\"text\":\"list\",\"channel\":\"no spaces please\"}", "channel: 1–64 letters, digits, dots, dashes or underscores." },
        // click
        { "POST /sandbox/api/click", "{\"user\":\"ana\",", "The body is not valid JSON (line 1, position 14)." },
        { "POST /sandbox/api/click", "[1]", "The body must be a JSON object." },
        { "POST /sandbox/api/click", "{\"user\":\"ana\",\"messageId\":7,\"actionId\":\"undo:P-1\"}", "messageId: must be a string." },
        { "POST /sandbox/api/click", "{\"user\":\"ana\",\"messageId\":\"m1\",\"actionId\":false}", "actionId: must be a string." },
        { "POST /sandbox/api/click", "{\"user\":\"ana\",\"messageId\":\"m1\",\"actionId\":\"undo:P-1\",\"values\":[1]}", "values: must be an object whose values are strings, e.g. {\"date\": \"2027-02-05\", \"time\": \"15:00\"}." },
        { "POST /sandbox/api/click", "{\"user\":\"ana\",\"messageId\":\"m1\",\"actionId\":\"undo:P-1\",\"values\":{\"date\":5}}", "values: must be an object whose values are strings, e.g. {\"date\": \"2027-02-05\", \"time\": \"15:00\"}." },
        { "POST /sandbox/api/click", "{\"user\":\"ana\",\"messageId\":\"m1\"}", "\"user\", \"messageId\" and \"actionId\" are required." },
        { "POST /sandbox/api/click", "{\"messageId\":\"m1\",\"actionId\":\"undo:P-1\"}", "\"user\", \"messageId\" and \"actionId\" are required." },
        // clock
        { "POST /sandbox/api/clock", "{\"advance\":", "The body is not valid JSON (line 1, position 12)." },
        { "POST /sandbox/api/clock", "{\"to\":\"next tuesday\"}", "to: must be an ISO-8601 instant such as 2027-02-05T17:00:00Z." },
        { "POST /sandbox/api/clock", "{\"to\":12}", "to: must be an ISO-8601 instant such as 2027-02-05T17:00:00Z." },
        { "POST /sandbox/api/clock", "{\"advance\":5}", "advance: must be an ISO-8601 duration string such as PT2H or P1D." },
        // users
        { "PUT /sandbox/api/users/lee", "{\"name\":", "The body is not valid JSON (line 1, position 9)." },
        { "PUT /sandbox/api/users/lee", "[]", "The body must be a JSON object." },
        { "PUT /sandbox/api/users/lee", "{\"admin\":\"yes\"}", "admin: must be true or false." },
        { "PUT /sandbox/api/users/lee", "{\"name\":{\"first\":\"Lee\"}}", "name: must be a string." },
        { "PUT /sandbox/api/users/lee", "{\"zone\":\"Mars/Olympus\"}", "zone: 'Mars/Olympus' is not a time zone I know (an IANA name such as America/New_York, a name such as EST or CET, or an offset such as UTC+5:30)." },
        { "PUT /sandbox/api/users/lee", "{\"manager\":\"lee\"}", "manager: nobody can be their own manager." },
        { "PUT /sandbox/api/users/lee", "{\"manager\":\"not valid!\"}", "manager: not a valid user id." },
        { "PUT /sandbox/api/users/lee", "{\"name\":\"" + new string('n', 101) + "\"}", "name: at most 100 characters." },
        { "PUT /sandbox/api/users/not%20valid", "{}", "A user id is 1–64 letters, digits, dots, dashes or underscores." },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task MalformedOrMistypedBody_IsA400_NamingTheProblem(string endpoint, string body, string detail)
    {
        var (method, path) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);

        await AssertProblemAsync(new HttpMethod(method), path, body, HttpStatusCode.BadRequest, detail);
    }

    [Fact]
    public async Task BadZone_LeavesThePersonAsTheyWere()
    {
        await AssertProblemAsync(HttpMethod.Put, "/sandbox/api/users/ana", """{"zone":"Mars/Olympus"}""", HttpStatusCode.BadRequest, "zone: 'Mars/Olympus' is not a time zone I know (an IANA name such as America/New_York, a name such as EST or CET, or an offset such as UTC+5:30).");

        var users = await sandbox.Http.GetFromJsonAsync<CommitmentBot.Sandbox.SandboxApi.UserView[]>("/sandbox/api/users");
        Assert.Equal("America/New_York", Assert.Single(users!, u => u.Id == "ana").Zone);
    }

    [Fact]
    public async Task UnknownUser_IsA404_ForSayClickAndInbox()
    {
        var created = await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");

        await AssertProblemAsync(HttpMethod.Post, "/sandbox/api/say", """{"user":"ghost","text":"list"}""", HttpStatusCode.NotFound, "There is no user 'ghost'. Add them first: PUT /sandbox/api/users/{id}.");
        await AssertProblemAsync(HttpMethod.Post, "/sandbox/api/click", $$"""{"user":"ghost","messageId":"{{created.Id}}","actionId":"undo:P-1"}""", HttpStatusCode.NotFound, "There is no user 'ghost'.");
        using var inbox = await sandbox.Http.GetAsync("/sandbox/api/inbox/ghost");
        Assert.Equal(HttpStatusCode.NotFound, inbox.StatusCode);
        Assert.Equal("application/problem+json", inbox.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["P-1"], await sandbox.OpenIdsAsync("ana"));
    }

    [Fact]
    public async Task Click_OnAMessageThatDoesNotExist_IsA404()
    {
        await AssertProblemAsync(HttpMethod.Post, "/sandbox/api/click", """{"user":"ana","messageId":"m999","actionId":"undo:P-1"}""", HttpStatusCode.NotFound, "There is no message 'm999'.");
    }

    [Fact]
    public async Task Click_OnAButtonTheMessageDoesNotHave_IsA400_AndChangesNothing()
    {
        var created = await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        var body = $$"""{"user":"ana","messageId":"{{created.Id}}","actionId":"done:P-1"}""";

        await AssertProblemAsync(HttpMethod.Post, "/sandbox/api/click", body, HttpStatusCode.BadRequest, $"Message '{created.Id}' has no button 'done:P-1'.");
        Assert.Equal(["P-1"], await sandbox.OpenIdsAsync("ana"));
    }

    [Fact]
    public async Task Click_OnSomeoneElsesDirectMessage_IsA403_AndChangesNothing()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        await sandbox.SayAsync("ana", "risk P-1");
        var warning = Assert.Single(await sandbox.InboxAsync("maria"));
        var created = await sandbox.SayAsync("ana", "Globex: demo environment ready by tomorrow");

        await AssertProblemAsync(HttpMethod.Post, "/sandbox/api/click", $$"""{"user":"ana","messageId":"{{warning.Id}}","actionId":"ack:P-1"}""", HttpStatusCode.Forbidden, $"Message '{warning.Id}' was not sent to ana.");
        await AssertProblemAsync(HttpMethod.Post, "/sandbox/api/click", $$"""{"user":"maria","messageId":"{{created.Id}}","actionId":"undo:P-2"}""", HttpStatusCode.Forbidden, $"Message '{created.Id}' was not sent to maria.");
        Assert.Equal(["P-2", "P-1"], await sandbox.OpenIdsAsync("ana"));
    }

    [Fact]
    public async Task Click_WithTooManyOrTooLongValues_IsA400()
    {
        var created = await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        var many = Enumerable.Range(0, 21).ToDictionary(i => "k" + i, _ => "v");
        var body = JsonSerializer.Serialize(new { user = "ana", messageId = created.Id, actionId = "edit:P-1", values = many });
        var longBody = JsonSerializer.Serialize(new { user = "ana", messageId = created.Id, actionId = "edit:P-1", values = new { text = new string('t', 1001) } });

        await AssertProblemAsync(HttpMethod.Post, "/sandbox/api/click", body, HttpStatusCode.BadRequest, "values: at most 20 values of 1,000 characters each.");
        await AssertProblemAsync(HttpMethod.Post, "/sandbox/api/click", longBody, HttpStatusCode.BadRequest, "values: at most 20 values of 1,000 characters each.");
    }

    [Fact]
    public async Task Edit_WithAnOverLongPromise_ChangesNothing()
    {
        var created = await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");

        var reply = await sandbox.ClickAsync("ana", created, "edit:P-1", new Dictionary<string, string> { ["text"] = new string('t', 501) });

        Assert.Equal(("Error", "Keep the promise under 500 characters. Nothing changed."), (reply.Kind, reply.Text));
        Assert.Contains("P-1 · Acme\nsend revised quote\n", (await sandbox.SayAsync("ana", "list")).Text, StringComparison.Ordinal);
    }

    private async Task AssertProblemAsync(HttpMethod method, string path, string body, HttpStatusCode status, string detail)
    {
        using var response = await sandbox.SendRawAsync(method, path, body);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == status, $"{method} {path} {body}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
    }
}
