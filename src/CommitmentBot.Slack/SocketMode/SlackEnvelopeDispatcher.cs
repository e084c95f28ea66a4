using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CommitmentBot.Slack.Inbound;
using CommitmentBot.Slack.Signing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CommitmentBot.Slack.SocketMode;

/// <summary>What a Socket Mode envelope produced: the payload to send back with the acknowledgement, if any.</summary>
/// <param name="Status">The status the HTTP endpoint answered.</param>
/// <param name="Payload">The JSON body it answered (a slash command's reply, a view submission's response_action), or null.</param>
internal sealed record EnvelopeOutcome(int Status, JsonNode? Payload);

/// <summary>
/// Runs a Socket Mode envelope through exactly the code the HTTP endpoints run: the envelope's payload becomes the
/// body the endpoint would have received over HTTP (form fields for a slash command, <c>payload=</c> for an interaction,
/// the JSON envelope for an event), already trusted (the socket was opened with the app token, so there is no request
/// signature to check), and what the endpoint answers becomes the acknowledgement's payload.
/// </summary>
internal sealed class SlackEnvelopeDispatcher(IServiceScopeFactory scopes)
{
    public async Task<EnvelopeOutcome> DispatchAsync(string type, JsonNode payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        byte[] body;
        Func<IServiceProvider, HttpContext, Task<IResult>> endpoint;
        switch (type)
        {
            case "slash_commands":
                body = Encoding.UTF8.GetBytes(FormEncode(payload));
                endpoint = async (sp, http) => await sp.GetRequiredService<SlashCommandEndpoint>().HandleAsync(http);
                break;
            case "interactive":
                body = Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString(payload.ToJsonString()));
                endpoint = async (sp, http) => await sp.GetRequiredService<InteractivityEndpoint>().HandleAsync(http);
                break;
            case "events_api":
                body = Encoding.UTF8.GetBytes(payload.ToJsonString());
                endpoint = async (sp, http) => await sp.GetRequiredService<EventsEndpoint>().HandleAsync(http);
                break;
            default:
                return new EnvelopeOutcome(StatusCodes.Status200OK, null);
        }

        await using var scope = scopes.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider, RequestAborted = cancellationToken };
        http.Features.Set(new VerifiedSlackBody(body, body.Length));
        using var response = new MemoryStream();
        http.Response.Body = response;
        var result = await endpoint(scope.ServiceProvider, http);
        await result.ExecuteAsync(http);
        var status = http.Response.StatusCode;
        if (response.Length == 0)
        {
            return new EnvelopeOutcome(status, null);
        }

        try
        {
            return new EnvelopeOutcome(status, JsonNode.Parse(response.ToArray()));
        }
        catch (JsonException)
        {
            // A plain-text answer (the url_verification echo) has no place in an acknowledgement.
            return new EnvelopeOutcome(status, null);
        }
    }

    // Socket Mode sends a slash command's fields as a JSON object; the endpoint reads them form-encoded.
    private static string FormEncode(JsonNode payload)
    {
        var pairs = new List<string>();
        foreach (var (key, value) in payload.AsObject())
        {
            var text = value switch
            {
                null => "",
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                _ => value.ToJsonString(),
            };
            pairs.Add(Uri.EscapeDataString(key) + "=" + Uri.EscapeDataString(text));
        }

        return string.Join('&', pairs);
    }
}
