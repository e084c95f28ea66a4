using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CommitmentBot.Slack.Tests.Support;

public static class JsonText
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The JSON with &lt;, &gt; and &amp; left readable, for substring assertions.</summary>
    public static string Of(JsonNode node) => node.ToJsonString(Readable);
}
