using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Benchmarks.SocketLoad;

/// <summary>
/// Slack's side of Socket Mode for the load run: Kestrel on loopback accepting the app's WebSocket, greeting it with
/// <c>hello</c>, sending envelopes on one send lock and timing every acknowledgement the moment its frame is read.
/// </summary>
public sealed class LoopbackSocketServer : IAsyncDisposable
{
    private readonly Channel<Link> accepted = Channel.CreateUnbounded<Link>();
    private WebApplication app = null!;

    public string Url { get; private set; } = "";

    /// <summary>Sockets the app opened.</summary>
    public int Opened => opened;

    private int opened;

    public static async Task<LoopbackSocketServer> StartAsync(Stopwatch clock)
    {
        var server = new LoopbackSocketServer();
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
            Interlocked.Increment(ref server.opened);
            var link = new Link(socket, clock);
            await server.accepted.Writer.WriteAsync(link);
            await link.ReadAcksAsync();
        });
        await app.StartAsync();
        server.app = app;
        server.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("http://", "ws://", StringComparison.Ordinal) + "/link";
        return server;
    }

    public async Task<Link> NextLinkAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await accepted.Reader.ReadAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(stop.Token);
        await app.DisposeAsync();
    }

    /// <summary>One accepted socket.</summary>
    public sealed class Link(WebSocket socket, Stopwatch clock)
    {
        private readonly SemaphoreSlim sendGate = new(1, 1);

        /// <summary>Every acknowledgement read: envelope id, when it was read (ms on the run's clock), and whether it carried a payload.</summary>
        public ConcurrentQueue<(string EnvelopeId, double AtMs, bool HasPayload)> Acks { get; } = new();

        /// <summary>Frames that were not acknowledgements or did not parse.</summary>
        public int Strange => strange;

        private int strange;

        public Task HelloAsync() => SendAsync(
            """{"type":"hello","num_connections":1,"debug_info":{"host":"loopback","approximate_connection_time":18060},"connection_info":{"app_id":"A0LOAD"}}"""u8.ToArray());

        /// <summary>Sends one frame; returns the clock reading just before it went onto the socket.</summary>
        public async Task<double> SendAsync(byte[] frame)
        {
            await sendGate.WaitAsync();
            try
            {
                var at = clock.Elapsed.TotalMilliseconds;
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
                return at;
            }
            finally
            {
                sendGate.Release();
            }
        }

        public async Task CloseAsync()
        {
            if (socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                try
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
                }
                catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
                {
                    socket.Abort();
                }
            }
        }

        internal async Task ReadAcksAsync()
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

                    var at = clock.Elapsed.TotalMilliseconds;
                    try
                    {
                        using var json = JsonDocument.Parse(message.ToArray());
                        if (json.RootElement.TryGetProperty("envelope_id", out var id) && id.GetString() is { Length: > 0 } envelopeId)
                        {
                            Acks.Enqueue((envelopeId, at, json.RootElement.TryGetProperty("payload", out _)));
                        }
                        else
                        {
                            Interlocked.Increment(ref strange);
                        }
                    }
                    catch (JsonException)
                    {
                        Interlocked.Increment(ref strange);
                    }
                }
            }
            catch (WebSocketException)
            {
                // the app went away: whatever was not acknowledged counts as lost
            }
        }
    }
}
