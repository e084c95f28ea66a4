using System.Text.Json.Nodes;
using CommitmentBot.Core.Messages;
using CommitmentBot.Slack.SocketMode;
using CommitmentBot.Slack.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CommitmentBot.Slack.Tests;

/// <summary>
/// Socket Mode against a fake Slack WebSocket server on loopback: hello, commands, buttons, modals and events
/// acknowledged with their envelope ids (with the endpoint's answer where Slack expects one), reconnection on
/// disconnect, refresh and a dropped socket, and duplicate envelopes run once.
/// </summary>
public sealed class SlackSocketModeTests : IAsyncLifetime
{
    private FakeSocketModeServer server = null!;
    private SlackTestApp app = null!;

    public async ValueTask InitializeAsync()
    {
        server = await FakeSocketModeServer.StartAsync();
        app = await SlackTestApp.StartAsync(new Dictionary<string, string?>
        {
            ["Slack:AppToken"] = "xapp-1-A1-test",
            ["Slack:SocketMaxBackoff"] = "00:00:00.200",
        }, api => api.SocketUrl = () => server.Url);
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await server.DisposeAsync();
    }

    private static JsonObject Command(string text, string triggerId = "trig-1") => new()
    {
        ["token"] = "unused",
        ["team_id"] = "T1",
        ["channel_id"] = "D1",
        ["user_id"] = "U1",
        ["user_name"] = "ann",
        ["command"] = "/promise",
        ["text"] = text,
        ["api_app_id"] = "A1",
        ["response_url"] = "https://slack.test/hooks/cmd",
        ["trigger_id"] = triggerId,
    };

    private static JsonObject MessageEvent(string eventId) => new()
    {
        ["type"] = "event_callback",
        ["team_id"] = "T1",
        ["event_id"] = eventId,
        ["event"] = new JsonObject { ["type"] = "app_home_opened", ["user"] = "U1", ["channel"] = "D1", ["tab"] = "home" },
    };

    [Fact]
    public async Task Connects_WithTheAppToken_AndAcknowledgesACommandWithItsReply()
    {
        app.Handler.Respond = (_, _) => Task.FromResult(OutboundMessage.Plain("You have no open promises."));
        var connection = await server.NextConnectionAsync();
        await connection.HelloAsync();

        await connection.SendEnvelopeAsync("env-1", "slash_commands", Command("list"), acceptsResponsePayload: true);
        var ack = await connection.NextAckAsync();

        Assert.Equal("env-1", ack["envelope_id"]!.GetValue<string>());
        Assert.Contains("You have no open promises.", ack["payload"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("list", Assert.Single(app.Handler.Requests).Text);
        Assert.Equal("Bearer xapp-1-A1-test", app.Api.CallsTo("apps.connections.open").Single().Authorization);
    }

    [Fact]
    public async Task Acknowledges_AButton_AndAModalSubmissionWithItsResponseAction()
    {
        app.Handler.Respond = (_, _) => Task.FromResult(OutboundMessage.Problem("there is no 30 February"));
        var connection = await server.NextConnectionAsync();
        await connection.HelloAsync();

        var click = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = "U1", ["team_id"] = "T1" },
            ["team"] = new JsonObject { ["id"] = "T1" },
            ["trigger_id"] = "trig-5",
            ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = "1700000000.000100", ["channel_id"] = "D1" },
            ["actions"] = new JsonArray(new JsonObject { ["action_id"] = "done:P-3", ["block_id"] = "b1", ["type"] = "button" }),
            ["response_url"] = "https://slack.test/hooks/click",
        };
        await connection.SendEnvelopeAsync("env-click", "interactive", click);
        var clickAck = await connection.NextAckAsync();

        var metadata = "{\"a\":\"moretime:P-3\",\"c\":\"D1\",\"e\":\"date\"}";
        var submission = new JsonObject
        {
            ["type"] = "view_submission",
            ["user"] = new JsonObject { ["id"] = "U1", ["team_id"] = "T1" },
            ["team"] = new JsonObject { ["id"] = "T1" },
            ["view"] = new JsonObject
            {
                ["id"] = "V9",
                ["type"] = "modal",
                ["callback_id"] = BlockKit.BlockKitRenderer.ModalCallbackId,
                ["private_metadata"] = metadata,
                ["state"] = new JsonObject { ["values"] = new JsonObject { ["date"] = new JsonObject { ["date"] = new JsonObject { ["type"] = "datepicker", ["selected_date"] = "2027-02-30" } } } },
            },
        };
        await connection.SendEnvelopeAsync("env-view", "interactive", submission, acceptsResponsePayload: true);
        var viewAck = await connection.NextAckAsync();

        Assert.Equal("env-click", clickAck["envelope_id"]!.GetValue<string>());
        Assert.Null(clickAck["payload"]);
        Assert.Equal("env-view", viewAck["envelope_id"]!.GetValue<string>());
        Assert.Equal("errors", viewAck["payload"]!["response_action"]!.GetValue<string>());
        Assert.Contains("30 February", viewAck["payload"]!["errors"]!["date"]!.GetValue<string>(), StringComparison.Ordinal);
        await app.WhenIdleAsync();
        Assert.Equal(["done:P-3", "moretime:P-3"], app.Handler.Requests.Select(r => r.Action!.ActionId));
    }

    [Fact]
    public async Task AcknowledgesEvents_AndRunsADuplicateEnvelopeOnce()
    {
        var connection = await server.NextConnectionAsync();
        await connection.HelloAsync();

        await connection.SendEnvelopeAsync("env-ev", "events_api", MessageEvent("Ev1"));
        await connection.SendEnvelopeAsync("env-ev", "events_api", MessageEvent("Ev1"));
        Assert.Equal("env-ev", (await connection.NextAckAsync())["envelope_id"]!.GetValue<string>());
        Assert.Equal("env-ev", (await connection.NextAckAsync())["envelope_id"]!.GetValue<string>());
        await app.WhenIdleAsync();
        Assert.Single(app.Api.CallsTo("views.publish"));

        await connection.SendEnvelopeAsync("env-cmd", "slash_commands", Command("help", "trig-2"), acceptsResponsePayload: true);
        await connection.SendEnvelopeAsync("env-cmd", "slash_commands", Command("help", "trig-2"), acceptsResponsePayload: true);
        var acks = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            acks.Add((await connection.NextAckAsync())["envelope_id"]!.GetValue<string>());
        }

        Assert.Equal(["env-cmd", "env-cmd"], acks);
        Assert.Single(app.Handler.Requests, r => r.Text == "help"); // (the Home tab's own "list" is the other request)
    }

    [Theory]
    [InlineData("refresh_requested")]
    [InlineData("warning")]
    [InlineData("link_disabled")]
    public async Task Reconnects_WhenSlackAsksWithDisconnect_WithoutLosingWhatFollows(string reason)
    {
        var first = await server.NextConnectionAsync();
        await first.HelloAsync();

        await first.DisconnectAsync(reason);
        var second = await server.NextConnectionAsync();
        await second.HelloAsync();
        await second.SendEnvelopeAsync("env-after", "slash_commands", Command("list"), acceptsResponsePayload: true);

        Assert.Equal("env-after", (await second.NextAckAsync())["envelope_id"]!.GetValue<string>());
        Assert.Equal(2, app.Api.CallsTo("apps.connections.open").Count);
        Assert.Equal(2, app.Services.GetRequiredService<SlackSocketModeService>().Connections);
    }

    [Fact]
    public async Task Reconnects_AfterADroppedSocket_AndAnEnvelopeRedeliveredThereRunsOnce()
    {
        var first = await server.NextConnectionAsync();
        await first.HelloAsync();
        await first.SendEnvelopeAsync("env-1", "slash_commands", Command("list"), acceptsResponsePayload: true);
        await first.NextAckAsync();

        first.Drop();
        var second = await server.NextConnectionAsync();
        await second.HelloAsync();
        await second.SendEnvelopeAsync("env-1", "slash_commands", Command("list"), acceptsResponsePayload: true);

        Assert.Equal("env-1", (await second.NextAckAsync())["envelope_id"]!.GetValue<string>());
        Assert.Single(app.Handler.Requests);
    }

    [Fact]
    public async Task RefreshesBeforeTheAnnouncedLifetimeEnds()
    {
        var first = await server.NextConnectionAsync();
        await first.HelloAsync(approximateConnectionTimeSeconds: 1.5);

        var second = await server.NextConnectionAsync(TimeSpan.FromSeconds(10));
        await second.HelloAsync();

        await first.Closed.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(2, server.Opened);
    }

    [Fact]
    public void Backoff_DoublesWithJitter_UpToTheCap()
    {
        var service = app.Services.GetRequiredService<SlackSocketModeService>();

        for (var i = 0; i < 20; i++)
        {
            var first = service.Backoff(1);
            Assert.InRange(first, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300));
            Assert.InRange(service.Backoff(8), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300));
        }
    }
}
