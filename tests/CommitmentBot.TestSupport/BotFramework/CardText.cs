using System.Text.Json.Nodes;

namespace CommitmentBot.TestSupport.BotFramework;

/// <summary>Reads what a person sees on an Adaptive Card, and finds its buttons.</summary>
public static class CardText
{
    public static string Of(JsonNode card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var parts = new List<string>();
        Collect(card, parts);
        return string.Join('\n', parts);
    }

    /// <summary>The <c>Action.Execute</c> whose verb is <paramref name="actionId"/> (e.g. <c>done:P-2</c>), or null.</summary>
    public static JsonObject? FindAction(JsonNode? node, string actionId)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["type"]?.GetValue<string>() is "Action.Execute" or "Action.Submit"
                    && (obj["verb"]?.GetValue<string>() == actionId || obj["data"]?["actionId"]?.GetValue<string>() == actionId))
                {
                    return obj;
                }

                foreach (var (_, child) in obj)
                {
                    if (FindAction(child, actionId) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonArray array:
                return array.Select(item => FindAction(item, actionId)).FirstOrDefault(found => found is not null);
            default:
                return null;
        }
    }

    private static void Collect(JsonNode? node, List<string> parts)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in new[] { "text", "title", "value" })
                {
                    if (obj[key] is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        parts.Add(text);
                    }
                }

                foreach (var (key, child) in obj)
                {
                    if (key is not ("text" or "title" or "value" or "data"))
                    {
                        Collect(child, parts);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, parts);
                }

                break;
        }
    }
}
