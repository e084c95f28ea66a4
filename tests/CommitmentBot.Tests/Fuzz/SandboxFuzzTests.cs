using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CommitmentBot.Tests.Sandbox;
using CommitmentBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Tests.Fuzz;

/// <summary>
/// Issue 9.3: malformed requests to the sandbox API (say, click, people, inbox, channels, clock) are answered with a
/// 2xx or a 4xx that says what is wrong, never a 5xx, and nothing is logged at Error.
/// </summary>
public sealed class SandboxFuzzTests(ITestOutputHelper output)
{
    public const int Inputs = 3_300;

    private static readonly string[] People = ["ana", "maria", "sam"];

    [Fact]
    public async Task MalformedSandboxRequests_NeverGetA5xx_NorLogAnError()
    {
        var log = new ErrorLog();
        var fuzz = new FuzzInputs(20261205);
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var watch = Stopwatch.StartNew();
        var buttons = new List<(string User, string MessageId, string ActionId)>();
        var posts = new List<string>();
        var app = new TestApp(
            new Dictionary<string, string?> { ["Storage:Provider"] = "Sqlite", ["Sandbox:Start"] = SandboxClient.Start.ToString("O") },
            overrides: services => services.AddSingleton<ILoggerProvider>(log));
        await using (app)
        {
            using var http = app.CreateClient();
            for (var i = 0; i < Inputs; i++)
            {
                using var request = (i % 10) switch
                {
                    < 5 => Json(HttpMethod.Post, "/sandbox/api/say", Say(fuzz), fuzz),
                    < 7 => Json(HttpMethod.Post, "/sandbox/api/click", Click(fuzz, buttons), fuzz),
                    7 => Capture(fuzz, posts),
                    8 => Json(HttpMethod.Put, "/sandbox/api/users/" + Segment(UserId(fuzz)), Person(fuzz), fuzz),
                    _ => Other(fuzz),
                };
                using var response = await http.SendAsync(request);
                var status = (int)response.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                var text = await response.Content.ReadAsStringAsync();
                if (status >= 500 && failures.Count < 5)
                {
                    failures.Add($"#{i} {request.Method} {request.RequestUri} → {status} {text}");
                }

                if (status == 200 && request.RequestUri!.OriginalString.EndsWith("/say", StringComparison.Ordinal))
                {
                    Remember(text, buttons);
                }

                if (status == 200 && request.RequestUri!.OriginalString.EndsWith("/post", StringComparison.Ordinal)
                    && JsonNode.Parse(text)?["id"]?.GetValue<string>() is { } postId && posts.Count < 500)
                {
                    posts.Add(postId);
                }
            }
        }

        output.WriteLine($"{Inputs} sandbox inputs in {watch.Elapsed.TotalSeconds:F1} s; statuses {string.Join(", ", statuses.Select(p => $"{p.Key}×{p.Value}"))}");
        Assert.True(failures.Count == 0, "5xx answers:\n" + string.Join("\n\n", failures));
        Assert.True(log.Entries.Count == 0, $"{log.Entries.Count} entries logged at Error:\n{log.Describe()}");
        Assert.True(statuses.GetValueOrDefault(200) > Inputs / 4, "Most of the inputs should be served.");
        Assert.True(statuses.GetValueOrDefault(400) > 0 && statuses.GetValueOrDefault(404) > 0, "The generator should reach the refusals too.");
    }

    // A NUL or half a surrogate pair in a path never reaches the app (Kestrel answers 400 itself; the in-process test
    // client and Uri.EscapeDataString throw instead).
    private static string Segment(string value) => Uri.EscapeDataString(new string([.. value.Where(c => c != '\0' && !char.IsSurrogate(c))]));

    private static string UserId(FuzzInputs fuzz) => fuzz.Chance(0.8) ? fuzz.Pick(People) : fuzz.OddString();

    private static JsonNode Say(FuzzInputs fuzz) => new JsonObject
    {
        ["user"] = UserId(fuzz),
        ["text"] = fuzz.CommandText(),
        ["channel"] = fuzz.Next(5) switch
        {
            0 => "escalations",
            1 => fuzz.OddString(),
            _ => null,
        },
        ["requestId"] = fuzz.Chance(0.3) ? fuzz.OddString() : null,
    };

    private static JsonNode Click(FuzzInputs fuzz, List<(string User, string MessageId, string ActionId)> buttons)
    {
        var known = buttons.Count > 0 && fuzz.Chance(0.7) ? buttons[fuzz.Next(buttons.Count)] : (fuzz.Pick(People), "m" + fuzz.Next(0, 500).ToString(CultureInfo.InvariantCulture), "done:P-1");
        var values = new JsonObject();
        foreach (var input in new[] { "date", "time", "when", "note", "reason", "choice" })
        {
            if (fuzz.Chance(0.3))
            {
                values[input] = input switch
                {
                    "date" => fuzz.Pick(["2027-02-05", "2027-02-30", "0001-01-01", "", "tomorrow"]),
                    "time" => fuzz.Pick(["15:00", "25:00", "", "3pm"]),
                    _ => fuzz.Chance(0.5) ? fuzz.CommandText() : fuzz.OddString(),
                };
            }
        }

        return new JsonObject
        {
            ["user"] = fuzz.Chance(0.9) ? known.Item1 : UserId(fuzz),
            ["messageId"] = fuzz.Chance(0.9) ? known.Item2 : fuzz.OddString(),
            ["actionId"] = fuzz.Chance(0.85) ? known.Item3 : fuzz.OddString(),
            ["values"] = values,
        };
    }

    private static JsonNode Person(FuzzInputs fuzz) => new JsonObject
    {
        ["name"] = fuzz.Chance(0.7) ? fuzz.Pick(["Ana", "Maria", "Sam", "Lee"]) : fuzz.OddString(),
        ["zone"] = fuzz.Pick(["America/New_York", "EST", "UTC+5:30", "Mars/Olympus", "", "Europe/London"]),
        ["manager"] = fuzz.Chance(0.6) ? fuzz.Pick(People) : fuzz.OddString(),
        ["admin"] = fuzz.Chance(0.2),
    };

    private static HttpRequestMessage Json(HttpMethod method, string path, JsonNode body, FuzzInputs fuzz)
    {
        var text = fuzz.Next(20) switch
        {
            0 => fuzz.RandomText(fuzz.Next(100)),
            1 => "{\"user\":" + new string('[', 70) + "}",
            2 => "{\"text\":\"" + new string('x', 70_000) + "\"}",
            _ => fuzz.Mutate(body, fuzz.Chance(0.5) ? 0 : fuzz.Next(1, 3))?.ToJsonString() ?? "null",
        };
        return new HttpRequestMessage(method, path) { Content = new StringContent(text, Encoding.UTF8, "application/json") };
    }

    // Capture where the promise is made: ordinary channel posts (what noticing reads) and "Track as a promise" on them;
    // mostly well-formed (the odd ones are the mutations Json adds), so the generator reaches noticing and the form.
    private static HttpRequestMessage Capture(FuzzInputs fuzz, List<string> posts) => posts.Count == 0 || fuzz.Chance(0.5)
        ? Json(HttpMethod.Post, "/sandbox/api/post", new JsonObject
        {
            ["user"] = fuzz.Chance(0.95) ? fuzz.Pick(People) : fuzz.OddString(),
            ["channel"] = fuzz.Chance(0.9) ? fuzz.Pick(["acme-deal", "escalations", "general"]) : fuzz.OddString(),
            ["text"] = fuzz.Chance(0.8) ? "I'll " + fuzz.CommandText() : fuzz.OddString(),
        }, fuzz)
        : Json(HttpMethod.Post, "/sandbox/api/shortcut", new JsonObject
        {
            ["user"] = fuzz.Chance(0.95) ? fuzz.Pick(People) : fuzz.OddString(),
            ["messageId"] = fuzz.Chance(0.9) ? posts[fuzz.Next(posts.Count)] : fuzz.OddString(),
        }, fuzz);

    private static HttpRequestMessage Other(FuzzInputs fuzz) => fuzz.Next(4) switch
    {
        0 => new HttpRequestMessage(HttpMethod.Get, "/sandbox/api/inbox/" + Segment(UserId(fuzz))),
        1 => new HttpRequestMessage(HttpMethod.Get, "/sandbox/api/channels/" + Segment(fuzz.Chance(0.5) ? "escalations" : fuzz.OddString())),
        2 => new HttpRequestMessage(HttpMethod.Get, "/sandbox/api/users"),

        // Only malformed clock moves: a clock move that runs the ladder is issue 9.1's property test (another change).
        _ => Json(HttpMethod.Post, "/sandbox/api/clock", new JsonObject
        {
            ["to"] = fuzz.Pick(["yesterday", "2027-13-01", "", "not a date"]),
            ["advance"] = fuzz.Pick(["P-1D", "soon", "PT", "-PT1H", "P99999999Y"]),
        }, fuzz),
    };

    private static void Remember(string text, List<(string User, string MessageId, string ActionId)> buttons)
    {
        if (JsonNode.Parse(text)?["reply"] is not JsonObject reply || reply["id"]?.GetValue<string>() is not { } id || reply["to"]?.GetValue<string>() is not { } to)
        {
            return;
        }

        foreach (var button in reply["buttons"]?.AsArray() ?? [])
        {
            if (button?["actionId"]?.GetValue<string>() is { } action && buttons.Count < 2_000)
            {
                buttons.Add((to, id, action));
            }
        }
    }
}
