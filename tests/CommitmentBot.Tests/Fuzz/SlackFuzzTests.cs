using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CommitmentBot.Tests.Slack.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Tests.Fuzz;

/// <summary>
/// Issue 9.3: properly signed but malformed Slack requests (slash commands, interactivity, events) are answered with a
/// 2xx or a 4xx with a reason: never a 5xx, and nothing is logged at Error. A fixed seed, so a failure repeats.
/// </summary>
public sealed class SlackFuzzTests(ITestOutputHelper output)
{
    public const int Inputs = 3_600;

    private const string ModalCallbackId = "commitmentbot.inputs";
    private const string ImportCallbackId = "commitmentbot.import";

    private static readonly string[] Users = ["U1", "U2", "U3", "U4", "U5", "U6"];

    private static readonly string[] ActionVerbs = ["done", "moretime", "risk", "missed", "undo", "told", "alert", "draft", "reopen", "keep", "x"];

    [Fact]
    public async Task SignedMalformedRequests_NeverGetA5xx_NorLogAnError()
    {
        var log = new ErrorLog();
        var fuzz = new FuzzInputs(20261203);
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var watch = Stopwatch.StartNew();
        await using (var host = await SlackHost.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(log)))
        {
            for (var i = 0; i < Inputs; i++)
            {
                var (path, body, contentType) = (i % 5) switch
                {
                    0 or 1 => ("/slack/commands", SlashCommand(fuzz, host, i), "application/x-www-form-urlencoded"),
                    2 or 3 => ("/slack/interactivity", Interaction(fuzz, host, i), "application/x-www-form-urlencoded"),
                    _ => ("/slack/events", Event(fuzz, i), "application/json"),
                };
                using var response = await host.PostSignedAsync(path, body, contentType);
                var status = (int)response.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (status >= 500 && failures.Count < 5)
                {
                    failures.Add($"#{i} {path} → {status} {await response.Content.ReadAsStringAsync()}\n{Cut(body)}");
                }
            }

            // Disposing the host waits for the replies still running in the background.
        }

        output.WriteLine($"{Inputs} Slack inputs in {watch.Elapsed.TotalSeconds:F1} s; statuses {string.Join(", ", statuses.Select(p => $"{p.Key}×{p.Value}"))}");
        Assert.True(failures.Count == 0, "5xx answers:\n" + string.Join("\n\n", failures));
        Assert.True(log.Entries.Count == 0, $"{log.Entries.Count} entries logged at Error:\n{log.Describe()}");
        Assert.True(statuses.Keys.Any(s => s is >= 400 and < 500), "The generator should reach the refusals too.");
        Assert.True(statuses.GetValueOrDefault(200) > Inputs / 4, "Most of the inputs should be served.");
    }

    private static string Cut(string body) => body.Length <= 600 ? body : body[..600] + "…";

    private static string SlashCommand(FuzzInputs fuzz, SlackHost host, int i)
    {
        var fields = new Dictionary<string, string>
        {
            ["token"] = "legacy",
            ["team_id"] = fuzz.Chance(0.9) ? "T1" : fuzz.Chance(0.5) ? "T2" : fuzz.OddString(),
            ["channel_id"] = fuzz.Chance(0.8) ? fuzz.Pick(["C1", "D1", "CESC", "G1"]) : fuzz.OddString(),
            ["user_id"] = fuzz.Chance(0.9) ? fuzz.Pick(Users) : fuzz.OddString(),
            ["user_name"] = fuzz.Chance(0.8) ? "ann" : fuzz.OddString(),
            ["command"] = "/promise",
            ["text"] = fuzz.CommandText(),
            ["response_url"] = fuzz.Chance(0.9) ? host.Slack.ResponseUrl("fz-" + i.ToString(CultureInfo.InvariantCulture)) : fuzz.OddString(),
            ["trigger_id"] = fuzz.Chance(0.9) ? "fz." + i.ToString(CultureInfo.InvariantCulture) : fuzz.OddString(),
        };
        if (fuzz.Chance(0.05))
        {
            fields["is_enterprise_install"] = "true";
            fields["enterprise_id"] = fuzz.OddString();
        }

        foreach (var key in fields.Keys.ToList())
        {
            if (fuzz.Chance(0.02))
            {
                fields.Remove(key);
            }
        }

        var extra = fuzz.Next(50) switch
        {
            0 => 1_100, // beyond FormReader's 1,024 fields
            1 => 3,
            _ => 0,
        };
        for (var n = 0; n < extra; n++)
        {
            fields["x" + n.ToString(CultureInfo.InvariantCulture)] = fuzz.OddString();
        }

        if (fuzz.Chance(0.02))
        {
            fields[new string('k', 2_049)] = "long name";
        }

        return Form(fields);
    }

    private static string Interaction(FuzzInputs fuzz, SlackHost host, int i)
    {
        if (fuzz.Chance(0.04))
        {
            return fuzz.Chance(0.5) ? Form(new Dictionary<string, string> { ["payload"] = fuzz.RandomText(fuzz.Next(80)) }) : Form(new Dictionary<string, string> { ["other"] = "1" });
        }

        var team = fuzz.Chance(0.92) ? "T1" : fuzz.OddString();
        var user = fuzz.Chance(0.92) ? fuzz.Pick(Users) : fuzz.OddString();
        var responseUrl = host.Slack.ResponseUrl("fz-i-" + i.ToString(CultureInfo.InvariantCulture));
        JsonNode? payload = fuzz.Next(3) switch
        {
            0 => ViewSubmission(fuzz, team, user, responseUrl, i),
            _ => BlockActions(fuzz, team, user, responseUrl, i),
        };
        payload = fuzz.Mutate(payload, fuzz.Chance(0.35) ? 0 : fuzz.Next(1, 4));
        return Form(new Dictionary<string, string> { ["payload"] = payload?.ToJsonString() ?? "null" });
    }

    private static JsonObject BlockActions(FuzzInputs fuzz, string team, string user, string responseUrl, int i)
    {
        var shortId = fuzz.Chance(0.85) ? "P-" + fuzz.Next(0, 12).ToString(CultureInfo.InvariantCulture) : fuzz.OddString();
        string? value = fuzz.Next(4) switch
        {
            0 => null,
            1 => "m:" + (fuzz.Mutate(ModalSpec(), fuzz.Chance(0.3) ? 0 : fuzz.Next(1, 4))?.ToJsonString() ?? "null"),
            2 => fuzz.OddString(),
            _ => shortId,
        };
        var channel = fuzz.Chance(0.85) ? fuzz.Pick(["D1", "C1", "CESC"]) : fuzz.OddString();
        var ts = "1764000000." + i.ToString("D6", CultureInfo.InvariantCulture);
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["team"] = new JsonObject { ["id"] = team },
            ["user"] = new JsonObject { ["id"] = user, ["username"] = "ann", ["team_id"] = team },
            ["trigger_id"] = "fz-trigger-" + i.ToString(CultureInfo.InvariantCulture),
            ["container"] = new JsonObject { ["type"] = "message", ["channel_id"] = channel, ["message_ts"] = ts },
            ["channel"] = new JsonObject { ["id"] = channel },
            ["message"] = new JsonObject { ["ts"] = ts },
            ["response_url"] = responseUrl,
            ["actions"] = new JsonArray(new JsonObject
            {
                ["type"] = "button",
                ["action_id"] = fuzz.Pick(ActionVerbs) + ":" + shortId,
                ["block_id"] = "b1",
                ["value"] = value,
                ["action_ts"] = "1",
            }),
        };
        if (fuzz.Chance(0.3))
        {
            payload["state"] = new JsonObject { ["values"] = StateValues(fuzz) };
        }

        if (fuzz.Chance(0.1))
        {
            payload["view"] = new JsonObject { ["id"] = "VH1", ["type"] = "home", ["hash"] = "h" + i.ToString(CultureInfo.InvariantCulture) };
            payload.Remove("container");
            payload.Remove("message");
        }

        return payload;
    }

    private static JsonObject ViewSubmission(FuzzInputs fuzz, string team, string user, string responseUrl, int i)
    {
        var import = fuzz.Chance(0.2);
        var state = new JsonObject
        {
            ["a"] = fuzz.Pick(ActionVerbs) + ":P-" + fuzz.Next(0, 12).ToString(CultureInfo.InvariantCulture),
            ["c"] = fuzz.Chance(0.9) ? "D1" : fuzz.OddString(),
            ["m"] = "1764000000.000100",
            ["r"] = responseUrl,
            ["h"] = fuzz.Chance(0.2),
            ["e"] = "date",
        };
        var metadata = fuzz.Next(6) switch
        {
            0 => fuzz.OddString(),
            1 => fuzz.Mutate(state, fuzz.Next(1, 3))?.ToJsonString() ?? "null",
            _ => state.ToJsonString(),
        };
        var values = StateValues(fuzz);
        if (import)
        {
            values["import_file"] = new JsonObject
            {
                ["import_file"] = new JsonObject
                {
                    ["type"] = "file_input",
                    ["files"] = fuzz.Chance(0.5)
                        ? new JsonArray(new JsonObject { ["id"] = "F" + i.ToString(CultureInfo.InvariantCulture), ["name"] = "m.csv", ["size"] = fuzz.Next(-1, 400_000), ["url_private_download"] = fuzz.OddString() })
                        : new JsonArray(),
                },
            };
        }

        return new JsonObject
        {
            ["type"] = "view_submission",
            ["team"] = new JsonObject { ["id"] = team },
            ["user"] = new JsonObject { ["id"] = user, ["username"] = "ann", ["team_id"] = team },
            ["trigger_id"] = "fz-view-" + i.ToString(CultureInfo.InvariantCulture),
            ["view"] = new JsonObject
            {
                ["id"] = "V" + (i % 37).ToString(CultureInfo.InvariantCulture),
                ["type"] = "modal",
                ["callback_id"] = import ? ImportCallbackId : fuzz.Chance(0.9) ? ModalCallbackId : fuzz.OddString(),
                ["private_metadata"] = metadata,
                ["hash"] = "h",
                ["state"] = new JsonObject { ["values"] = values },
            },
        };
    }

    private static JsonObject StateValues(FuzzInputs fuzz)
    {
        var values = new JsonObject();
        string[] inputs = ["date", "time", "when", "note", "reason", "choice", "import_text"];
        foreach (var input in inputs)
        {
            if (!fuzz.Chance(0.5))
            {
                continue;
            }

            JsonObject value = input switch
            {
                "date" => new JsonObject { ["type"] = "datepicker", ["selected_date"] = fuzz.Pick(["2026-12-04", "2026-02-30", "9999-99-99", "", "2027-01-15"]) },
                "time" => new JsonObject { ["type"] = "timepicker", ["selected_time"] = fuzz.Pick(["15:00", "25:61", "", "09:30", "7pm"]) },
                "choice" => new JsonObject { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = fuzz.OddString() } },
                _ => new JsonObject { ["type"] = "plain_text_input", ["value"] = fuzz.Chance(0.5) ? fuzz.CommandText() : fuzz.OddString() },
            };
            values["b-" + input] = new JsonObject { [input] = value };
        }

        return values;
    }

    private static JsonObject ModalSpec() => new()
    {
        ["t"] = "Need more time",
        ["x"] = "P-1 · Acme",
        ["i"] = new JsonArray(
            new JsonObject { ["d"] = "date", ["k"] = 0, ["l"] = "New date", ["v"] = "2026-12-04", ["r"] = true },
            new JsonObject { ["d"] = "time", ["k"] = 1, ["l"] = "Time", ["v"] = "15:00" },
            new JsonObject { ["d"] = "note", ["k"] = 2, ["l"] = "Why", ["m"] = 300 },
            new JsonObject { ["d"] = "choice", ["k"] = 3, ["l"] = "Pick", ["c"] = new JsonArray(new JsonObject { ["v"] = "a", ["t"] = "A" }) }),
    };

    private static string Event(FuzzInputs fuzz, int i)
    {
        if (fuzz.Chance(0.04))
        {
            return fuzz.RandomText(fuzz.Next(60));
        }

        var type = fuzz.Next(10) switch
        {
            0 => "url_verification",
            1 => fuzz.OddString(),
            _ => "event_callback",
        };
        var eventType = fuzz.Pick(["app_home_opened", "app_home_opened", "tokens_revoked", "message", "app_mention", "member_joined_channel", "x"]);
        JsonNode? envelope = new JsonObject
        {
            ["type"] = type,
            ["challenge"] = fuzz.Chance(0.8) ? "ch-" + i.ToString(CultureInfo.InvariantCulture) : null,
            ["team_id"] = fuzz.Chance(0.9) ? "T1" : fuzz.OddString(),
            ["api_app_id"] = "A1",
            ["event_id"] = fuzz.Chance(0.9) ? "Ev" + i.ToString(CultureInfo.InvariantCulture) : null,
            ["event"] = new JsonObject
            {
                ["type"] = eventType,
                ["user"] = fuzz.Chance(0.9) ? fuzz.Pick(Users) : fuzz.OddString(),
                ["channel"] = "D1",
                ["tab"] = fuzz.Pick(["home", "messages", "x"]),
                ["text"] = fuzz.CommandText(),
                ["tokens"] = new JsonObject { ["bot"] = new JsonArray("UBOT"), ["oauth"] = new JsonArray() },
            },
            ["authorizations"] = new JsonArray(new JsonObject { ["team_id"] = "T1", ["is_enterprise_install"] = false }),
        };
        envelope = fuzz.Mutate(envelope, fuzz.Chance(0.4) ? 0 : fuzz.Next(1, 4));
        return envelope?.ToJsonString() ?? "null";
    }

    private static string Form(IDictionary<string, string> fields) =>
        string.Join('&', fields.Select(p => WebUtility.UrlEncode(p.Key) + "=" + WebUtility.UrlEncode(p.Value)));
}
