using System.Globalization;
using System.Text.Json.Nodes;

namespace CommitmentBot.Slack.Tests.Support;

public enum Surface
{
    Message,
    Modal,
    Home,
}

/// <summary>
/// Checks a Block Kit payload, as it goes over the wire, against Slack's published limits
/// (PROTOCOLS §1.6) and the shape rules Slack rejects messages for. Returns every violation found.
/// </summary>
public static class BlockKitLimits
{
    private static readonly HashSet<string> BlockTypes = ["header", "section", "divider", "context", "actions", "input", "image"];
    private static readonly HashSet<string> InputElementTypes = ["datepicker", "timepicker", "plain_text_input", "static_select"];

    public static IReadOnlyList<string> Check(JsonNode payload, Surface surface)
    {
        var problems = new List<string>();
        if (surface == Surface.Message && string.IsNullOrWhiteSpace(payload["text"]?.GetValue<string>()))
        {
            problems.Add("message: top-level text is missing");
        }

        if (surface == Surface.Message && payload["text"]?.GetValue<string>() is { Length: > 40_000 })
        {
            problems.Add("message: text over 40,000");
        }

        if (surface == Surface.Modal)
        {
            Max(problems, "view.title", Text(payload["title"]), 24);
            Max(problems, "view.submit", Text(payload["submit"]), 24);
            Max(problems, "view.close", Text(payload["close"]), 24);
            Max(problems, "view.private_metadata", payload["private_metadata"]?.GetValue<string>(), 3000);
            Max(problems, "view.callback_id", payload["callback_id"]?.GetValue<string>(), 255);
            if (Text(payload["title"]) is null)
            {
                problems.Add("view: title is required");
            }
        }

        var blocks = payload["blocks"]?.AsArray() ?? [];
        var limit = surface == Surface.Message ? 50 : 100;
        if (blocks.Count > limit)
        {
            problems.Add($"{blocks.Count} blocks, more than {limit}");
        }

        var blockIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i]!;
            var where = $"blocks[{i}]";
            var type = block["type"]?.GetValue<string>();
            if (type is null || !BlockTypes.Contains(type))
            {
                problems.Add($"{where}: unknown type {type}");
                continue;
            }

            if (block["block_id"]?.GetValue<string>() is { } blockId)
            {
                Max(problems, where + ".block_id", blockId, 255);
                if (!blockIds.Add(blockId))
                {
                    problems.Add($"{where}: duplicate block_id {blockId}");
                }
            }

            switch (type)
            {
                case "header":
                    TextObject(problems, where + ".text", block["text"], 150, plainOnly: true);
                    break;
                case "section":
                    CheckSection(problems, where, block);
                    break;
                case "context":
                    var elements = block["elements"]?.AsArray() ?? [];
                    if (elements.Count is 0 or > 10)
                    {
                        problems.Add($"{where}: context needs 1–10 elements, has {elements.Count}");
                    }

                    foreach (var element in elements)
                    {
                        TextObject(problems, where + ".elements", element, 2000, plainOnly: false);
                    }

                    break;
                case "actions":
                    CheckActions(problems, where, block);
                    break;
                case "image":
                    // Either a public image_url or a Slack file (slack_file: {id} or {url}); alt text is required.
                    var byUrl = block["image_url"]?.GetValue<string>();
                    var file = block["slack_file"];
                    if ((byUrl is null) == (file is null))
                    {
                        problems.Add($"{where}: image needs exactly one of image_url and slack_file");
                    }

                    if (file is not null && file["id"]?.GetValue<string>() is not { Length: > 0 } && file["url"]?.GetValue<string>() is not { Length: > 0 })
                    {
                        problems.Add($"{where}: slack_file needs an id or a url");
                    }

                    if (byUrl is not null)
                    {
                        Max(problems, where + ".image_url", byUrl, 3000);
                    }

                    if (block["alt_text"]?.GetValue<string>() is not { Length: > 0 } alt)
                    {
                        problems.Add($"{where}: image needs alt_text");
                    }
                    else
                    {
                        Max(problems, where + ".alt_text", alt, 2000);
                    }

                    if (block["title"] is { } title)
                    {
                        TextObject(problems, where + ".title", title, 2000, plainOnly: true);
                    }

                    break;
                case "input":
                    if (surface == Surface.Message)
                    {
                        problems.Add($"{where}: input blocks belong in modals");
                    }

                    TextObject(problems, where + ".label", block["label"], 2000, plainOnly: true);
                    CheckInputElement(problems, where + ".element", block["element"]);
                    break;
            }
        }

        return problems;
    }

    private static void CheckSection(List<string> problems, string where, JsonNode block)
    {
        var fields = block["fields"]?.AsArray();
        if (block["text"] is null && fields is null)
        {
            problems.Add($"{where}: section needs text or fields");
        }

        if (block["text"] is { } text)
        {
            TextObject(problems, where + ".text", text, 3000, plainOnly: false);
        }

        if (fields is not null)
        {
            if (fields.Count is 0 or > 10)
            {
                problems.Add($"{where}: {fields.Count} fields (1–10 allowed)");
            }

            foreach (var field in fields)
            {
                TextObject(problems, where + ".fields", field, 2000, plainOnly: false);
            }
        }
    }

    private static void CheckActions(List<string> problems, string where, JsonNode block)
    {
        var elements = block["elements"]?.AsArray() ?? [];
        if (elements.Count is 0 or > 25)
        {
            problems.Add($"{where}: actions need 1–25 elements, has {elements.Count}");
        }

        var actionIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in elements)
        {
            if (element!["type"]?.GetValue<string>() != "button")
            {
                problems.Add($"{where}: unexpected element {element["type"]}");
                continue;
            }

            TextObject(problems, where + ".button.text", element["text"], 75, plainOnly: true);
            var actionId = element["action_id"]?.GetValue<string>();
            if (string.IsNullOrEmpty(actionId))
            {
                problems.Add($"{where}: button without action_id");
            }
            else
            {
                Max(problems, where + ".action_id", actionId, 255);
                if (!actionIds.Add(actionId))
                {
                    problems.Add($"{where}: duplicate action_id {actionId}");
                }
            }

            Max(problems, where + ".button.value", element["value"]?.GetValue<string>(), 2000);
            Max(problems, where + ".button.url", element["url"]?.GetValue<string>(), 3000);
            if (element["style"]?.GetValue<string>() is { } style && style is not ("primary" or "danger"))
            {
                problems.Add($"{where}: button style {style}");
            }
        }
    }

    private static void CheckInputElement(List<string> problems, string where, JsonNode? element)
    {
        var type = element?["type"]?.GetValue<string>();
        if (element is null || type is null || !InputElementTypes.Contains(type))
        {
            problems.Add($"{where}: unknown input element {type}");
            return;
        }

        Max(problems, where + ".action_id", element["action_id"]?.GetValue<string>(), 255);
        switch (type)
        {
            case "datepicker" when element["initial_date"]?.GetValue<string>() is { } date:
                if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    problems.Add($"{where}: initial_date {date} is not YYYY-MM-DD");
                }

                break;
            case "timepicker" when element["initial_time"]?.GetValue<string>() is { } time:
                if (!TimeOnly.TryParseExact(time, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    problems.Add($"{where}: initial_time {time} is not HH:mm");
                }

                break;
            case "plain_text_input":
                var max = element["max_length"]?.GetValue<int>() ?? 3000;
                if (max > 3000)
                {
                    problems.Add($"{where}: max_length {max} over 3000");
                }

                Max(problems, where + ".initial_value", element["initial_value"]?.GetValue<string>(), max);
                break;
            case "static_select":
                var options = element["options"]?.AsArray() ?? [];
                if (options.Count is 0 or > 100)
                {
                    problems.Add($"{where}: {options.Count} options (1–100 allowed)");
                }

                foreach (var option in options)
                {
                    TextObject(problems, where + ".option.text", option!["text"], 75, plainOnly: true);
                    Max(problems, where + ".option.value", option["value"]?.GetValue<string>(), 150);
                }

                break;
        }
    }

    private static void TextObject(List<string> problems, string where, JsonNode? node, int max, bool plainOnly)
    {
        var type = node?["type"]?.GetValue<string>();
        var text = node?["text"]?.GetValue<string>();
        if (type is null || text is null)
        {
            problems.Add($"{where}: not a text object");
            return;
        }

        if (type is not ("plain_text" or "mrkdwn") || (plainOnly && type != "plain_text"))
        {
            problems.Add($"{where}: text type {type} not allowed");
        }

        if (text.Length == 0)
        {
            problems.Add($"{where}: empty text");
        }

        Max(problems, where, text, max);
    }

    private static string? Text(JsonNode? node) => node?["text"]?.GetValue<string>();

    private static void Max(List<string> problems, string where, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            problems.Add($"{where}: {value.Length} characters, more than {max}");
        }
    }
}
