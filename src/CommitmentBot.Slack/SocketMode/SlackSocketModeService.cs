using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CommitmentBot.Slack.Api;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Slack.SocketMode;

/// <summary>
/// SPEC's "Slack without a public URL": with <c>Slack:AppToken</c> set, one WebSocket per instance to Slack's Socket
/// Mode. <c>apps.connections.open</c> gives a single-use URL; <c>hello</c> opens the connection (its
/// <c>approximate_connection_time</c> is when Slack will end it, so the service reconnects a little before);
/// <c>events_api</c>, <c>slash_commands</c> and <c>interactive</c> envelopes run through
/// <see cref="SlackEnvelopeDispatcher"/> (the HTTP endpoints' code) and are acknowledged with their
/// <c>envelope_id</c>, carrying the endpoint's answer where Slack expects one; <c>disconnect</c> or a dropped socket
/// leads to a new connection after a jittered back-off. Slack redelivers envelopes that were not acknowledged, so an
/// envelope id seen recently is acknowledged again without being run again (and the endpoints dedupe as over HTTP).
/// </summary>
internal sealed class SlackSocketModeService(
    ISlackApiClient api,
    SlackEnvelopeDispatcher dispatcher,
    IOptions<SlackOptions> options,
    TimeProvider time,
    ILogger<SlackSocketModeService> logger) : BackgroundService
{
    private const int MaxFrameBytes = 1024 * 1024;
    private const int RememberedEnvelopes = 4096;

    private readonly ConcurrentDictionary<string, Task<EnvelopeOutcome>> seen = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> seenOrder = new();
    private int connections;

    /// <summary>How many times a socket has been opened (for tests and the log).</summary>
    public int Connections => connections;

    /// <summary>True while a socket is open and greeted.</summary>
    public bool IsConnected { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var greeted = await RunOneConnectionAsync(stoppingToken);
                failures = greeted ? 0 : failures + 1;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is WebSocketException or SlackApiException or HttpRequestException or IOException or JsonException or OperationCanceledException)
            {
                failures++;
                logger.LogWarning("Slack Socket Mode connection failed ({Error}); reconnecting.", ex.GetType().Name);
            }

            IsConnected = false;
            if (failures > 0)
            {
                await Task.Delay(Backoff(failures), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Half a second, doubling per failure up to <c>Slack:SocketMaxBackoff</c>, times a random 0.5–1.5.</summary>
    internal TimeSpan Backoff(int failures)
    {
        var baseDelay = TimeSpan.FromMilliseconds(500 * Math.Pow(2, Math.Min(failures - 1, 10)));
        var capped = baseDelay < options.Value.SocketMaxBackoff ? baseDelay : options.Value.SocketMaxBackoff;
#pragma warning disable CA5394 // jitter, not security
        return capped * (0.5 + Random.Shared.NextDouble());
#pragma warning restore CA5394
    }

    // One connection from apps.connections.open to its end; true when Slack greeted it (the back-off starts over).
    private async Task<bool> RunOneConnectionAsync(CancellationToken stoppingToken)
    {
        var url = await api.OpenSocketConnectionAsync(options.Value.AppToken!, stoppingToken);
        using var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
        await socket.ConnectAsync(new Uri(url), stoppingToken);
        Interlocked.Increment(ref connections);
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var sendGate = new SemaphoreSlim(1, 1);
        var greeted = false;
        var inFlight = new List<Task>();
        try
        {
            while (socket.State == WebSocketState.Open && !connection.IsCancellationRequested)
            {
                var frame = await ReceiveAsync(socket, connection.Token);
                if (frame is null)
                {
                    break;
                }

                var type = frame["type"]?.GetValue<string>();
                switch (type)
                {
                    case "hello":
                        greeted = true;
                        IsConnected = true;
                        var lifetime = frame["debug_info"]?["approximate_connection_time"]?.GetValue<double>();
                        if (lifetime is > 0)
                        {
                            // Reconnect a little before Slack ends the connection, so nothing arrives on a closing socket.
                            connection.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, lifetime.Value * 0.9)));
                        }

                        break;
                    case "disconnect":
                        logger.LogInformation("Slack asked to reconnect ({Reason}).", frame["reason"]?.GetValue<string>());
                        await connection.CancelAsync();
                        break;
                    default:
                        if (frame["envelope_id"]?.GetValue<string>() is { Length: > 0 } envelopeId)
                        {
                            inFlight.RemoveAll(t => t.IsCompleted);
                            inFlight.Add(HandleEnvelopeAsync(socket, sendGate, envelopeId, type ?? "", frame["payload"], stoppingToken));
                        }

                        break;
                }
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // refresh or disconnect: a new connection follows
        }
        finally
        {
            IsConnected = false;
            // Let envelopes already running finish their acknowledgement on this socket if it still can carry it.
            await Task.WhenAll(inFlight).WaitAsync(TimeSpan.FromSeconds(3), time, CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
            if (socket.State == WebSocketState.Open)
            {
                using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "reconnecting", closing.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        return greeted;
    }

    private async Task HandleEnvelopeAsync(ClientWebSocket socket, SemaphoreSlim sendGate, string envelopeId, string type, JsonNode? payload, CancellationToken stoppingToken)
    {
        try
        {
            var run = seen.GetOrAdd(envelopeId, _ => dispatcher.DispatchAsync(type, payload ?? new JsonObject(), stoppingToken));
            Remember(envelopeId);
            var outcome = await run;
            var ack = new JsonObject { ["envelope_id"] = envelopeId };
            if (outcome.Payload is { } answer && type != "events_api")
            {
                ack["payload"] = answer.DeepClone();
            }

            var bytes = Encoding.UTF8.GetBytes(ack.ToJsonString());
            await sendGate.WaitAsync(stoppingToken);
            try
            {
                await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, stoppingToken);
            }
            finally
            {
                sendGate.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException or JsonException)
        {
            // Not acknowledged: Slack sends it again, and the repeat is answered from what this run did.
            logger.LogInformation("A Socket Mode envelope was not acknowledged ({Error}); Slack will redeliver it.", ex.GetType().Name);
        }
    }

    private void Remember(string envelopeId)
    {
        seenOrder.Enqueue(envelopeId);
        while (seenOrder.Count > RememberedEnvelopes && seenOrder.TryDequeue(out var old))
        {
            seen.TryRemove(old, out _);
        }
    }

    private static async Task<JsonNode?> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (message.Length > MaxFrameBytes)
            {
                throw new IOException("A Socket Mode frame exceeded 1 MB.");
            }

            if (result.EndOfMessage)
            {
                break;
            }
        }

        return JsonNode.Parse(message.ToArray());
    }
}
