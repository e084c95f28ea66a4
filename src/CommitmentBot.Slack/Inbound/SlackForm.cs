using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace CommitmentBot.Slack.Inbound;

/// <summary>A form-encoded body (slash commands, interactivity), read from the verified raw bytes.</summary>
internal sealed class SlackForm(Dictionary<string, StringValues> fields)
{
    /// <summary>The answer to a form larger than Slack ever sends (too many fields, or a field name too long).</summary>
    public static string TooLarge { get; } = string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"The form is larger than Slack sends: at most {FormReader.DefaultValueCountLimit:N0} fields, with names of up to {FormReader.DefaultKeyLengthLimit:N0} characters.");

    /// <summary>The form, or null when it is beyond the reader's limits (answer <see cref="TooLarge"/> with 413).</summary>
    public static SlackForm? TryParse(ReadOnlySpan<byte> body)
    {
        using var reader = new FormReader(Encoding.UTF8.GetString(body));
        try
        {
            return new SlackForm(reader.ReadForm());
        }
        catch (InvalidDataException)
        {
            // FormReader's limits (1,024 fields, 2,048-character names): nothing Slack sends comes near them.
            return null;
        }
    }

    public string? this[string name] => fields.TryGetValue(name, out var value) ? value.ToString() : null;

    public bool Flag(string name) => string.Equals(this[name], "true", StringComparison.OrdinalIgnoreCase);
}
