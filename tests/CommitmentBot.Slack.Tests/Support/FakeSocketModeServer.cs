using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Slack.Tests.Support;

/// <summary>
/// Slack's Socket Mode side, on Kestrel bound to loopback only: each accepted WebSocket becomes a
/// <see cref="SocketModeConnection"/> the test drives (hello, envelopes, disconnect, a dropped socket) and reads acks from.
/// </summary>
public sealed class FakeSocketModeServer : IAsyncDisposable
{
    private readonly Channel<SocketModeConnection> accepted = Channel.CreateUnbounded<SocketModeConnection>();
    private WebApplication app = null!;

    public string Url { get; private set; } = "";

    public int Opened { get; private set; }

    public static async Task<FakeSocketModeServer> StartAsync()
    {
        var server = new FakeSocketModeServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/link", async (HttpContext http) =>
        {
            if (!http.WebSockets.IsWebSocketRequest)
            {
                http.Response.StatusCode = 400;
                return;
            }

            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            var connection = new SocketModeConnection(socket);
            server.Opened++;
            await server.accepted.Writer.WriteAsync(connection);
            await connection.Closed.Task;
        });
        await app.StartAsync();
        server.app = app;
        server.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("http://", "ws://", StringComparison.Ordinal) + "/link";
        return server;
    }

    public async Task<SocketModeConnection> NextConnectionAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        return await accepted.Reader.ReadAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>One Socket Mode connection as Slack holds it.</summary>
public sealed class SocketModeConnection(WebSocket socket)
{
    private readonly SemaphoreSlim sendGate = new(1, 1);
    private readonly Channel<JsonObject> acks = Channel.CreateUnbounded<JsonObject>();
    private Task? reader;

    public TaskCompletionSource Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task HelloAsync(double approximateConnectionTimeSeconds = 18060)
    {
        StartReading();
        await SendAsync(new JsonObject
        {
            ["type"] = "hello",
            ["num_connections"] = 1,
            ["debug_info"] = new JsonObject { ["host"] = "fake", ["approximate_connection_time"] = approximateConnectionTimeSeconds },
            ["connection_info"] = new JsonObject { ["app_id"] = "A1" },
        });
    }

    public Task SendEnvelopeAsync(string envelopeId, string type, JsonObject payload, bool acceptsResponsePayload = false) =>
        SendAsync(new JsonObject
        {
            ["envelope_id"] = envelopeId,
            ["type"] = type,
            ["payload"] = payload,
            ["accepts_response_payload"] = acceptsResponsePayload,
            ["retry_attempt"] = 0,
            ["retry_reason"] = "",
        });

    public Task DisconnectAsync(string reason) => SendAsync(new JsonObject { ["type"] = "disconnect", ["reason"] = reason, ["debug_info"] = new JsonObject { ["host"] = "fake" } });

    /// <summary>Drops the socket without a close handshake, as a network failure would.</summary>
    public void Drop()
    {
        socket.Abort();
        Closed.TrySetResult();
    }

    public async Task<JsonObject> NextAckAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await acks.Reader.ReadAsync(cts.Token);
    }

    public bool TryReadAck(out JsonObject? ack) => acks.Reader.TryRead(out ack);

    public async Task SendAsync(JsonObject frame)
    {
        var bytes = Encoding.UTF8.GetBytes(frame.ToJsonString());
        await sendGate.WaitAsync();
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            sendGate.Release();
        }
    }

    private void StartReading() => reader ??= Task.Run(async () =>
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                await acks.Writer.WriteAsync(JsonNode.Parse(message.ToArray())!.AsObject());
            }
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            Closed.TrySetResult();
        }
    });
}
