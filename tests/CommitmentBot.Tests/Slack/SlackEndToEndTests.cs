using System.Net;
using System.Text.Json.Nodes;
using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Ports;
using CommitmentBot.Tests.Slack.Support;
using CommitmentBot.TestSupport.Due;

namespace CommitmentBot.Tests.Slack;

/// <summary>
/// The whole Slack path through the real host: signed requests in, the core and SQLite in the middle,
/// the clock driven by the test, and everything Slack would receive checked at a local fake Slack.
/// </summary>
public sealed class SlackEndToEndTests : IAsyncLifetime
{
    private const string Team = "T1";
    private const string Rep = "UREP";
    private const string Manager = "UMGR";
    private const string Admin = "UADMIN";
    private const string Escalations = "CESC";

    private SlackHost host = null!;

    public async ValueTask InitializeAsync() => host = await SlackHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private static string Text(JsonObject reply) => reply["text"]!.GetValue<string>() + "\n" + reply["blocks"]?.ToJsonString();

    private async Task SetUpTeamAsync()
    {
        Assert.Contains("admin", Text(await host.SayAsync(Team, Admin, $"admin manager <@{Rep}|rep> <@{Manager}|mgr>")), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(Escalations, Text(await host.SayAsync(Team, Admin, "admin channel", channel: Escalations)), StringComparison.Ordinal);
    }

    /// <summary>The value of the button with <paramref name="actionId"/> in a reply or message's blocks.</summary>
    private static string? ButtonValue(JsonNode? blocks, string actionId) =>
        blocks?.AsArray()
            .Where(b => b?["type"]?.GetValue<string>() == "actions")
            .SelectMany(b => b!["elements"]!.AsArray())
            .FirstOrDefault(e => e!["action_id"]!.GetValue<string>() == actionId)?["value"]?.GetValue<string>();

    /// <summary>The rep submits the modal opened as <paramref name="view"/> with these input <paramref name="values"/> (block id → action → value).</summary>
    private static JsonObject ModalSubmission(JsonNode view, string viewId, JsonObject values) => new()
    {
        ["type"] = "view_submission",
        ["team"] = new JsonObject { ["id"] = Team },
        ["user"] = new JsonObject { ["id"] = Rep, ["team_id"] = Team },
        ["view"] = new JsonObject
        {
            ["id"] = viewId,
            ["type"] = "modal",
            ["callback_id"] = view["callback_id"]!.GetValue<string>(),
            ["private_metadata"] = view["private_metadata"]!.GetValue<string>(),
            ["state"] = new JsonObject { ["values"] = values },
        },
    };

    [Fact]
    public async Task SlashCommand_CreatesAPromise_AndTheLadderReachesRepManagerAndChannel()
    {
        await SetUpTeamAsync();

        var reply = await host.SayAsync(Team, Rep, "send revised quote for Acme by Friday 3pm");

        Assert.Contains("P-1", Text(reply), StringComparison.Ordinal);
        Assert.Contains("edit:P-1", Text(reply), StringComparison.Ordinal);
        var created = await host.CommitmentAsync(Team, 1);
        Assert.Equal(Rep, created.OwnerId);
        Assert.Equal("Acme", created.Customer);

        // Friday 3pm in the rep's Slack time zone (users.info says America/Chicago): 21:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 21, 0, 0, TimeSpan.Zero), created.DueAt);

        await host.AdvanceAsync(TimeSpan.FromDays(10));

        // The rep also hears, once, that the admin set their manager (issue 9.19): not a ladder step.
        var toRep = host.Slack.MessagesIn("D" + Rep).Where(m => !m.Text.StartsWith("Your manager is now", StringComparison.Ordinal)).ToList();
        Assert.Single(host.Slack.MessagesIn("D" + Rep), m => m.Text.StartsWith("Your manager is now", StringComparison.Ordinal));
        var toManager = host.Slack.MessagesIn("D" + Manager);
        var toChannel = host.Slack.MessagesIn(Escalations);
        Assert.True(toRep.Count >= 3, $"the rep got {toRep.Count} DM(s): heads-up, due and overdue expected");
        Assert.All(toRep, m => Assert.Contains("done:P-1", m.ActionIds));
        Assert.Contains(toManager, m => m.ActionIds.Contains("ack:P-1"));
        var post = Assert.Single(toChannel);
        Assert.Contains("P-1", post.Text + post.Blocks.ToJsonString(), StringComparison.Ordinal);

        // Every message is a Block Kit message with fallback text, carries its delivery id, was sent once, with the bot token.
        var all = host.Slack.Messages;
        Assert.All(all, m =>
        {
            Assert.False(string.IsNullOrWhiteSpace(m.Text));
            Assert.NotEmpty(m.Blocks);
            Assert.NotNull(m.DeliveryId);
            Assert.Equal("Bearer " + SlackHost.BotToken, m.Authorization);
        });
        Assert.Equal(all.Count, all.Select(m => m.DeliveryId).Distinct().Count());
    }

    [Fact]
    public async Task RetriedSlashCommand_CreatesOnePromise()
    {
        using (var first = await host.CommandAsync(Team, Rep, "send the contract for Initech by tomorrow", trigger: "trig-retry"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var retry = await host.CommandAsync(Team, Rep, "send the contract for Initech by tomorrow", trigger: "trig-retry", retryNum: 1);

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.DoesNotContain("P-", await retry.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await host.Service<ICommitmentStore>().FindByNumberAsync(Team, 2, CancellationToken.None));
        var list = Text(await host.SayAsync(Team, Rep, "list"));
        Assert.Contains("(1)", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ButtonInADirectMessage_ActsOnTheCommitmentItNames()
    {
        await host.SayAsync(Team, Rep, "send revised quote for Acme in 3 hours");
        await host.SayAsync(Team, Rep, "book the demo for Globex in 3 hours");
        await host.AdvanceAsync(TimeSpan.FromHours(2.5));
        var nudge = host.Slack.MessagesIn("D" + Rep).Single(m => m.ActionIds.Contains("done:P-2"));

        using var response = await host.InteractAsync(SlackHost.Click(Team, Rep, nudge.Channel, nudge.Ts, "done:P-2", responseUrl: host.Slack.ResponseUrl("click-1")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await host.Slack.WaitForHookPostAsync();
        Assert.Contains("P-2", answer.Body, StringComparison.Ordinal);
        Assert.Equal(CommitmentStatus.Kept, (await host.CommitmentAsync(Team, 2)).Status);
        Assert.Equal(CommitmentStatus.Open, (await host.CommitmentAsync(Team, 1)).Status);
    }

    [Fact]
    public async Task ModalSubmission_MovesTheCommitmentItWasOpenedFor()
    {
        await host.SayAsync(Team, Rep, "send revised quote for Acme by Friday 3pm");
        await host.SayAsync(Team, Rep, "book the demo for Globex by Friday 3pm");
        var list = await host.SayAsync(Team, Rep, "list");
        var value = ButtonValue(list["blocks"], "moretime:P-1");
        Assert.NotNull(value);

        using (var click = await host.InteractAsync(SlackHost.Click(Team, Rep, "DREP", "1764000000.000100", "moretime:P-1", value, host.Slack.ResponseUrl("modal-1"), "trigger-modal-1")))
        {
            Assert.Equal(HttpStatusCode.OK, click.StatusCode);
        }

        var opened = Assert.Single(host.Slack.CallsTo("views.open"));
        Assert.Equal("trigger-modal-1", opened.Json["trigger_id"]!.GetValue<string>());
        var view = opened.Json["view"]!;
        var submission = ModalSubmission(view, "V-MODAL-1", new JsonObject
        {
            ["date"] = new JsonObject { ["date"] = new JsonObject { ["type"] = "datepicker", ["selected_date"] = "2026-12-04" } },
            ["time"] = new JsonObject { ["time"] = new JsonObject { ["type"] = "timepicker", ["selected_time"] = "15:00" } },
        });

        using var submitted = await host.InteractAsync(submission);

        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.DoesNotContain("errors", await submitted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var moved = await host.CommitmentAsync(Team, 1);
        Assert.Equal(CommitmentStatus.Renegotiated, moved.Status);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 21, 0, 0, TimeSpan.Zero), moved.DueAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 21, 0, 0, TimeSpan.Zero), (await host.CommitmentAsync(Team, 2)).DueAt);
        var answer = await host.Slack.WaitForHookPostAsync();
        Assert.Contains("P-1", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlashCommand_WithTheCustomersZone_ShowsBothZones_AndTheModalTakesTheNewDueInWords()
    {
        var reply = await host.SayAsync(Team, Rep, "send revised quote for Acme by Friday 3pm CET");

        // Slack draws the instant in each reader's zone; the customer's zone goes beside it.
        var created = await host.CommitmentAsync(Team, 1);
        Assert.Equal(("Europe/Berlin", new DateTimeOffset(2026, 11, 27, 14, 0, 0, TimeSpan.Zero)), (created.DueZone, created.DueAt));
        Assert.Contains(
            $"<!date^{created.DueAt.ToUnixTimeSeconds()}^{{date_short_pretty}} {{time}}|Fri 27 Nov, 8:00 AM CST (3:00 PM CET) — in 2 days> (3:00 PM CET)",
            reply["blocks"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
            StringComparison.Ordinal);

        var value = ButtonValue((await host.SayAsync(Team, Rep, "list"))["blocks"], "moretime:P-1");
        using (await host.InteractAsync(SlackHost.Click(Team, Rep, "DREP", "1764000000.000100", "moretime:P-1", value, host.Slack.ResponseUrl("m3"), "trigger-modal-3")))
        {
        }

        var view = Assert.Single(host.Slack.CallsTo("views.open")).Json["view"]!;
        Assert.Contains(view["blocks"]!.AsArray(), b => b!["block_id"]?.GetValue<string>() == "when");
        var submission = ModalSubmission(view, "V-MODAL-3", new JsonObject
        {
            ["date"] = new JsonObject { ["date"] = new JsonObject { ["type"] = "datepicker", ["selected_date"] = "2026-11-27" } },
            ["when"] = new JsonObject { ["when"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "Tuesday next week 9am ET" } },
        });

        using var submitted = await host.InteractAsync(submission);

        Assert.DoesNotContain("errors", await submitted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var moved = await host.CommitmentAsync(Team, 1);
        Assert.Equal(("America/New_York", new DateTimeOffset(2026, 12, 1, 14, 0, 0, TimeSpan.Zero)), (moved.DueZone, moved.DueAt));
    }

    [Fact]
    public async Task EveryDueForm_WorksInTheSlashCommand_InMove_AndInTheNeedMoreTimeModal()
    {
        await host.SayAsync(Team, Rep, "send revised quote for Acme by Dec 20");
        var zone = (await host.Service<IPeopleStore>().FindAsync(Team, Rep, CancellationToken.None))!.EffectiveZoneId;
        var value = ButtonValue((await host.SayAsync(Team, Rep, "list"))["blocks"], "moretime:P-1");
        using (await host.InteractAsync(SlackHost.Click(Team, Rep, "DREP", "1764000000.000100", "moretime:P-1", value, host.Slack.ResponseUrl("m4"), "trigger-modal-4")))
        {
        }

        var view = Assert.Single(host.Slack.CallsTo("views.open")).Json["view"]!;
        var number = 1;
        foreach (var phrase in DueForms.All)
        {
            var expected = DueForms.Reading(phrase, zone, host.Now);
            Assert.True(expected.Success, $"{phrase}: {expected.Message}");
            var want = (expected.Due, expected.Zone?.Id);

            var created = await host.SayAsync(Team, Rep, DueForms.Promise(phrase));
            number++;
            Assert.Contains($"P-{number} is saved", Text(created), StringComparison.Ordinal);
            var made = await host.CommitmentAsync(Team, number);
            Assert.Equal((phrase, want), (phrase, (made.DueAt, made.DueZone)));

            // A new due that names no zone keeps the customer's zone the promise already had.
            await MoveP1BackAsync(expected.Due);
            var kept = (expected.Due, expected.Zone?.Id ?? (await host.CommitmentAsync(Team, 1)).DueZone);
            var moved = await host.SayAsync(Team, Rep, $"move P-1 to {phrase} customer asked");
            Assert.Contains("P-1 moved to", Text(moved), StringComparison.Ordinal);
            var p1 = await host.CommitmentAsync(Team, 1);
            Assert.Equal((phrase, kept), (phrase, (p1.DueAt, p1.DueZone)));

            await MoveP1BackAsync(p1.DueAt);
            kept = (expected.Due, expected.Zone?.Id ?? (await host.CommitmentAsync(Team, 1)).DueZone);
            using var submitted = await host.InteractAsync(ModalSubmission(view, "V-MODAL-4", new JsonObject
            {
                ["when"] = new JsonObject { ["when"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = phrase } },
            }));
            Assert.DoesNotContain("errors", await submitted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            p1 = await host.CommitmentAsync(Team, 1);
            Assert.Equal((phrase, kept), (phrase, (p1.DueAt, p1.DueZone)));
        }

        // Moving to the due it already has changes nothing, so P-1 goes back to Dec 20 first when it is there.
        async Task MoveP1BackAsync(DateTimeOffset next)
        {
            if ((await host.CommitmentAsync(Team, 1)).DueAt == next)
            {
                Assert.Contains("P-1 moved to", Text(await host.SayAsync(Team, Rep, "move P-1 to Dec 20")), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task ModalSubmission_WithAnImpossibleDate_StaysOpenWithTheReason()
    {
        await host.SayAsync(Team, Rep, "send revised quote for Acme by Friday 3pm");
        var value = ButtonValue((await host.SayAsync(Team, Rep, "list"))["blocks"], "moretime:P-1");
        using (await host.InteractAsync(SlackHost.Click(Team, Rep, "DREP", "1764000000.000100", "moretime:P-1", value, host.Slack.ResponseUrl("m"), "trigger-modal-2")))
        {
        }

        var view = Assert.Single(host.Slack.CallsTo("views.open")).Json["view"]!;
        var submission = ModalSubmission(view, "V-MODAL-2", new JsonObject
        {
            ["date"] = new JsonObject { ["date"] = new JsonObject { ["type"] = "datepicker", ["selected_date"] = "2026-11-20" } },
        });

        using var submitted = await host.InteractAsync(submission);

        var body = JsonNode.Parse(await submitted.Content.ReadAsStringAsync())!;
        Assert.Equal("errors", body["response_action"]!.GetValue<string>());
        Assert.NotNull(body["errors"]!["date"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 21, 0, 0, TimeSpan.Zero), (await host.CommitmentAsync(Team, 1)).DueAt);
    }

    [Fact]
    public async Task ARep_CannotActOnAnotherRepsPromise()
    {
        await host.SayAsync(Team, Rep, "send revised quote for Acme by Friday 3pm");

        using (var click = await host.InteractAsync(SlackHost.Click(Team, "UOTHER", "DUOTHER", "1764000000.000200", "done:P-1", responseUrl: host.Slack.ResponseUrl("other-1"))))
        {
            Assert.Equal(HttpStatusCode.OK, click.StatusCode);
        }

        var refusal = await host.Slack.WaitForHookPostAsync();
        var typed = Text(await host.SayAsync(Team, "UOTHER", "missed P-1 gave up"));

        Assert.Contains("isn't yours", refusal.Json["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("isn't yours", typed, StringComparison.Ordinal);
        var untouched = await host.CommitmentAsync(Team, 1);
        Assert.Equal(CommitmentStatus.Open, untouched.Status);
        Assert.Null(untouched.ClosedAt);
    }

    [Fact]
    public async Task Workspaces_NeverSeeEachOthersPromises()
    {
        // Several workspaces are served only with OAuth installation (single-workspace mode refuses other teams, issue 9.6).
        await using var several = await SlackHost.StartAsync(oauth: true);
        await several.SayAsync("T1", Rep, "send the secret pricing for Initech by Friday 3pm");

        // The same user id in another workspace: an unrelated person.
        var otherList = Text(await several.SayAsync("T2", Rep, "list"));
        var otherDone = Text(await several.SayAsync("T2", Rep, "done P-1"));
        var otherCreate = Text(await several.SayAsync("T2", Rep, "call back for Umbrella by tomorrow"));
        using (await several.InteractAsync(SlackHost.Click("T2", Rep, "D" + Rep, "1764000000.000300", "done:P-1", responseUrl: several.Slack.ResponseUrl("t2-click"))))
        {
        }

        await several.Slack.WaitForHookPostAsync();

        Assert.Contains("no open promises", otherList, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Initech", otherList, StringComparison.Ordinal);
        Assert.Contains("can't find P-1", otherDone, StringComparison.Ordinal);
        Assert.Contains("P-1", otherCreate, StringComparison.Ordinal);
        var first = await several.CommitmentAsync("T1", 1);
        var second = await several.CommitmentAsync("T2", 1);
        Assert.Equal(CommitmentStatus.Open, first.Status);
        Assert.Equal(CommitmentStatus.Kept, second.Status);
        Assert.Equal("Initech", first.Customer);
        Assert.Equal("Umbrella", second.Customer);
    }

    [Fact]
    public async Task HomeTab_IsRepublished_WhenPromisesChange()
    {
        await host.SayAsync(Team, Rep, "send revised quote for Acme in 3 hours");
        var afterCreate = await host.Slack.WaitForAsync(s => s.CallsTo("views.publish").FirstOrDefault(c => c.Body.Contains("P-1", StringComparison.Ordinal)));
        Assert.Equal(Rep, afterCreate.Json["user_id"]!.GetValue<string>());
        Assert.Equal("home", afterCreate.Json["view"]!["type"]!.GetValue<string>());

        // A clock event: the due step is delivered, and the tab now shows the promise overdue.
        await host.AdvanceAsync(TimeSpan.FromHours(3.5));
        await host.Slack.WaitForAsync(s => s.CallsTo("views.publish").FirstOrDefault(c => c.Body.Contains("overdue", StringComparison.Ordinal)));

        // A command: once it is done the tab lists nothing open.
        await host.SayAsync(Team, Rep, "done P-1");
        var afterDone = await host.Slack.WaitForAsync(s => s.CallsTo("views.publish").LastOrDefault(c => !c.Body.Contains("P-1", StringComparison.Ordinal)));
        Assert.Equal(Rep, afterDone.Json["user_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task AdminImport_ReadsCsvLinesPastedIntoTheSlashCommand()
    {
        await host.SayAsync(Team, Admin, "help");
        var csv = "admin import\nrep,manager\n<@U1|ann>,<@U9|mia>\r\n<@U2|bob>,<@U9|mia>\nU3,U8\n";

        var reply = Text(await host.SayAsync(Team, Admin, csv));

        Assert.Contains("Imported 3", reply, StringComparison.Ordinal);
        var people = host.Service<IPeopleStore>();
        Assert.Equal("U9", (await people.FindAsync(Team, "U1", CancellationToken.None))!.ManagerId);
        Assert.Equal("U9", (await people.FindAsync(Team, "U2", CancellationToken.None))!.ManagerId);
        Assert.Equal("U8", (await people.FindAsync(Team, "U3", CancellationToken.None))!.ManagerId);
        var team = Text(await host.SayAsync(Team, "U9", "team"));
        Assert.DoesNotContain("Nobody reports to you", team, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminImport_WithABadLine_SavesNothing()
    {
        await host.SayAsync(Team, Admin, "help");

        var reply = Text(await host.SayAsync(Team, Admin, "admin import\n<@U1|ann>,<@U9|mia>\n<@U2|bob>;"));

        Assert.Contains("not `rep,manager`", reply, StringComparison.Ordinal);
        Assert.Null((await host.Service<IPeopleStore>().FindAsync(Team, "U1", CancellationToken.None))?.ManagerId);
    }

    /// <summary>The import form's submission: the file the admin uploaded (if any) and the pasted lines (if any).</summary>
    private static JsonObject ImportSubmission(JsonNode view, string viewId, JsonObject? file, string? pasted) => new()
    {
        ["type"] = "view_submission",
        ["team"] = new JsonObject { ["id"] = Team },
        ["user"] = new JsonObject { ["id"] = Admin, ["team_id"] = Team },
        ["view"] = new JsonObject
        {
            ["id"] = viewId,
            ["type"] = "modal",
            ["callback_id"] = view["callback_id"]!.GetValue<string>(),
            ["private_metadata"] = view["private_metadata"]!.GetValue<string>(),
            ["state"] = new JsonObject
            {
                ["values"] = new JsonObject
                {
                    ["import_file"] = new JsonObject
                    {
                        ["import_file"] = new JsonObject { ["type"] = "file_input", ["files"] = file is null ? new JsonArray() : new JsonArray(file) },
                    },
                    ["import_text"] = new JsonObject
                    {
                        ["import_text"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = pasted },
                    },
                },
            },
        },
    };

    private static JsonObject UploadedFile(string id, string url, long size) => new()
    {
        ["id"] = id,
        ["name"] = "managers.csv",
        ["filetype"] = "csv",
        ["size"] = size,
        ["url_private"] = url,
        ["url_private_download"] = url,
    };

    private async Task<JsonNode> OpenImportFormAsync(string trigger)
    {
        await host.SayAsync(Team, Admin, "help");
        using var typed = await host.CommandAsync(Team, Admin, "admin import", "C-GENERAL", trigger);
        Assert.Equal(HttpStatusCode.OK, typed.StatusCode);
        Assert.Equal("", await typed.Content.ReadAsStringAsync());
        var opened = Assert.Single(host.Slack.CallsTo("views.open"));
        Assert.Equal(trigger, opened.Json["trigger_id"]!.GetValue<string>());
        return opened.Json["view"]!;
    }

    [Fact]
    public async Task AdminImport_WithNothingAfterIt_OpensAFormThatTakesAnUploadedCsv()
    {
        var view = await OpenImportFormAsync("trigger-import-1");
        var input = view["blocks"]!.AsArray().Single(b => b!["block_id"]?.GetValue<string>() == "import_file")!["element"]!;
        Assert.Equal("file_input", input["type"]!.GetValue<string>());
        Assert.Equal(1, input["max_files"]!.GetValue<int>());
        Assert.Contains("csv", input["filetypes"]!.AsArray().Select(t => t!.GetValue<string>()));

        var csv = "\uFEFFrep,manager\r\n<@U1|ann>,<@U9|mia>\r\nU2,U9\r\nU3,U8\r\n"u8.ToArray();
        var url = host.Slack.HostFile("F-CSV-1", csv);
        using var submitted = await host.InteractAsync(ImportSubmission(view, "V-IMPORT-1", UploadedFile("F-CSV-1", url, csv.Length), pasted: null));

        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Equal("", await submitted.Content.ReadAsStringAsync());
        var download = Assert.Single(host.Slack.CallsTo("files:F-CSV-1"));
        Assert.Equal("Bearer " + SlackHost.BotToken, download.Authorization);
        var people = host.Service<IPeopleStore>();
        Assert.Equal("U9", (await people.FindAsync(Team, "U1", CancellationToken.None))!.ManagerId);
        Assert.Equal("U9", (await people.FindAsync(Team, "U2", CancellationToken.None))!.ManagerId);
        Assert.Equal("U8", (await people.FindAsync(Team, "U3", CancellationToken.None))!.ManagerId);
        var told = await host.Slack.WaitForAsync(s => s.MessagesIn("D" + Admin) is [var first, ..] ? first : null);
        Assert.Contains("Imported 3", told.Text + told.Blocks.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportForm_TakesPastedLines_WhenNoFileIsChosen()
    {
        var view = await OpenImportFormAsync("trigger-import-2");

        using var submitted = await host.InteractAsync(ImportSubmission(view, "V-IMPORT-2", file: null, pasted: "U4,U7\nU5,U7"));

        Assert.Equal("", await submitted.Content.ReadAsStringAsync());
        Assert.Equal("U7", (await host.Service<IPeopleStore>().FindAsync(Team, "U5", CancellationToken.None))!.ManagerId);
    }

    [Theory]
    [InlineData("nothing", "import_file", "Choose a CSV file")]
    [InlineData("bad line", "import_file", "not `rep,manager`")]
    [InlineData("binary", "import_file", "not a text CSV")]
    [InlineData("too large", "import_file", "too large")]
    [InlineData("foreign url", "import_file", "not on Slack")]
    [InlineData("bad pasted line", "import_text", "not `rep,manager`")]
    public async Task ImportForm_StaysOpenWithTheReason_AndSavesNothing(string problem, string block, string reason)
    {
        var view = await OpenImportFormAsync("trigger-import-3");
        var good = "U1,U9\n"u8.ToArray();
        var submission = problem switch
        {
            "nothing" => ImportSubmission(view, "V-3", file: null, pasted: " "),
            "bad line" => ImportSubmission(view, "V-3", UploadedFile("F-3", host.Slack.HostFile("F-3", "U1,U9\nU2;U3,U4,U5\n"u8.ToArray()), 20), null),
            "binary" => ImportSubmission(view, "V-3", UploadedFile("F-3", host.Slack.HostFile("F-3", [0x55, 0x31, 0x2C, 0x00, 0xFF, 0xFE]), 6), null),
            "too large" => ImportSubmission(view, "V-3", UploadedFile("F-3", host.Slack.HostFile("F-3", new byte[300 * 1024]), 300 * 1024), null),
            "foreign url" => ImportSubmission(view, "V-3", UploadedFile("F-3", "https://files.example.net/F-3/managers.csv", good.Length), null),
            _ => ImportSubmission(view, "V-3", file: null, pasted: "U1,U9\nnobody"),
        };

        using var submitted = await host.InteractAsync(submission);

        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        var body = JsonNode.Parse(await submitted.Content.ReadAsStringAsync())!;
        Assert.Equal("errors", body["response_action"]!.GetValue<string>());
        Assert.Contains(reason, body["errors"]![block]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null((await host.Service<IPeopleStore>().FindAsync(Team, "U1", CancellationToken.None))?.ManagerId);
        Assert.DoesNotContain(host.Slack.Calls, c => c.Uri.AbsolutePath.Contains("F-3", StringComparison.Ordinal) && problem is "foreign url" or "too large");
    }
}
