using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace CommitmentBot.Slack.Inbound;

/// <summary>A form-encoded body (slash commands, interactivity), read from the verified raw bytes.</summary>
internal sealed class SlackForm(Dictionary<string, StringValues> fields)
{
    public static SlackForm Parse(ReadOnlySpan<byte> body)
    {
        using var reader = new FormReader(Encoding.UTF8.GetString(body));
        return new SlackForm(reader.ReadForm());
    }

    public string? this[string name] => fields.TryGetValue(name, out var value) ? value.ToString() : null;

    public bool Flag(string name) => string.Equals(this[name], "true", StringComparison.OrdinalIgnoreCase);
}
