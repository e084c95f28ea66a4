using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Ports;
using CommitmentBot.Teams.Activities;

namespace CommitmentBot.Teams.Cards;

/// <summary>Which Adaptive Card action carries a button press.</summary>
public enum CardActionStyle
{
    /// <summary><c>Action.Execute</c> (universal actions): an <c>adaptiveCard/action</c> invoke whose answer replaces the card.</summary>
    Execute,

    /// <summary><c>Action.Submit</c>: a message activity whose <c>value</c> holds the data; the bot updates the card by PUT.</summary>
    Submit,
}

/// <summary>
/// Renders an <see cref="OutboundMessage"/> as an Adaptive Card (schema 1.5, the highest Teams bots
/// take). Each section becomes a container with its title, text, facts and buttons; a button that
/// submits inputs opens them in an <c>Action.ShowCard</c>. Input ids are prefixed with the section
/// number (<c>2.date</c>) so a bundle's sections never clash; <see cref="CardActionData"/> undoes it.
/// </summary>
/// <remarks>
/// Charts (<see cref="OutboundMessage.Images"/>) become <c>Image</c> elements with the chart's numbers as alt text. A chart
/// whose PNG, as a <c>data:</c> URI, is at most <see cref="MaxInlineImageChars"/> characters goes inline, so the card
/// needs nothing else; a larger one is a signed, expiring link to the PNG on the app's public URL. Inline images count
/// against <see cref="MaxCardBytes"/> like everything else, so sections are trimmed before an image is.
/// </remarks>
public sealed class AdaptiveCardRenderer(CardActionStyle actionStyle = CardActionStyle.Execute, IChartImages? charts = null)
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";
    public const string SchemaVersion = "1.5";

    /// <summary>Teams refuses bot messages near 100 KB (UTF-16); we stay under this many bytes.</summary>
    public const int MaxCardBytes = 80 * 1024;

    /// <summary>
    /// Largest chart sent inline as a <c>data:</c> URI, in characters (×2 in UTF-16: 24 KB). Two inline charts then take at
    /// most 48 KB of the 80 KB card, leaving the text room; a larger chart goes as a signed URL instead.
    /// </summary>
    public const int MaxInlineImageChars = 12 * 1024;

    // Hosts cap buttons per action set (the JS renderer at 5, Teams at 6) and truncate labels in a
    // crowded row; three per row keeps labels like "Alert my manager" readable in a chat-width card.
    private const int ActionsPerSet = 3;
    private const int MaxTextLength = 4000;
    private const int MaxFallbackLength = 2000;

    public CardActionStyle ActionStyle => actionStyle;

    /// <summary>The card as JSON, trimmed (whole sections dropped from the end) to fit <see cref="MaxCardBytes"/>.</summary>
    public JsonObject Render(OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var shown = message.Sections.Count;
        var images = Images(message);
        while (true)
        {
            var card = Build(message, shown, images);
            if (shown == 0 || SizeInUtf16Bytes(card) <= MaxCardBytes)
            {
                return card;
            }

            // Drop roughly the share that is over the limit, at least one section.
            var size = SizeInUtf16Bytes(card);
            var keep = (int)(shown * (double)MaxCardBytes / size * 0.95);
            shown = Math.Clamp(keep, 0, shown - 1);
        }
    }

    /// <summary>A message activity carrying the card alone (a card with text beside it would be split and lose its id).</summary>
    public Activity ToActivity(OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new Activity
        {
            Type = Activity.Types.Message,
            Summary = Truncate(message.Text, 200),
            Attachments = [new Attachment { ContentType = ContentType, Content = Render(message) }],
        };
    }

    /// <summary>The size Teams counts: the card's JSON in UTF-16.</summary>
    public static int SizeInUtf16Bytes(JsonNode card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return card.ToJsonString().Length * 2;
    }

    /// <summary>The message's charts as <c>Image</c> elements: inline when small enough, else by signed URL; none without a chart source.</summary>
    public IReadOnlyList<JsonObject> Images(OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (charts is null || message.Images.Count == 0)
        {
            return [];
        }

        var elements = new List<JsonObject>(message.Images.Count);
        foreach (var image in message.Images)
        {
            var png = charts.Png(image.Chart);
            var inline = "data:image/png;base64," + Convert.ToBase64String(png);
            elements.Add(new JsonObject
            {
                ["type"] = "Image",
                ["url"] = inline.Length <= MaxInlineImageChars ? inline : charts.Url(image.Chart),
                ["altText"] = Truncate(image.Alt, MaxTextLength),
                ["size"] = "Stretch",
                ["separator"] = true,
            });
        }

        return elements;
    }

    private JsonObject Build(OutboundMessage message, int sectionsShown, IReadOnlyList<JsonObject>? images = null)
    {
        var body = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "TextBlock",
                ["text"] = Truncate(message.Text, MaxTextLength),
                ["wrap"] = true,
                ["weight"] = "Bolder",
                ["size"] = "Medium",
                ["style"] = "heading",
                ["color"] = HeadlineColor(message.Kind),
            },
        };

        for (var i = 0; i < sectionsShown; i++)
        {
            body.Add(Section(message.Sections[i], i + 1));
        }

        foreach (var image in images ?? [])
        {
            body.Add(image.DeepClone());
        }

        if (sectionsShown < message.Sections.Count)
        {
            var hidden = message.Sections.Count - sectionsShown;
            body.Add(new JsonObject
            {
                ["type"] = "TextBlock",
                ["text"] = string.Create(CultureInfo.InvariantCulture, $"…and {hidden} more not shown here."),
                ["wrap"] = true,
                ["isSubtle"] = true,
                ["separator"] = true,
            });
        }

        return new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = SchemaVersion,
            ["fallbackText"] = Truncate(message.ToPlainText(), MaxFallbackLength),
            ["body"] = body,
            ["msteams"] = new JsonObject { ["width"] = "Full" },
        };
    }

    /// <summary>The text cut into runs of lines: quoted ("> ", marker dropped) and not, in order, empty runs left out.</summary>
    private static IEnumerable<(bool Quoted, string Text)> QuoteRuns(string text)
    {
        var lines = new List<string>();
        var quoted = false;
        foreach (var line in text.Split('\n'))
        {
            var isQuote = line.StartsWith("> ", StringComparison.Ordinal);
            if (isQuote != quoted && lines.Count > 0)
            {
                if (string.Join('\n', lines).Trim('\n') is { Length: > 0 } run)
                {
                    yield return (quoted, run);
                }

                lines.Clear();
            }

            quoted = isQuote;
            lines.Add(isQuote ? line[2..] : line);
        }

        if (string.Join('\n', lines).Trim('\n') is { Length: > 0 } last)
        {
            yield return (quoted, last);
        }
    }

    private JsonObject Section(MessageSection section, int number)
    {
        var items = new JsonArray();
        if (section.Title is { Length: > 0 } title)
        {
            items.Add(new JsonObject
            {
                ["type"] = "TextBlock",
                ["text"] = Truncate(title, MaxTextLength),
                ["wrap"] = true,
                ["weight"] = "Bolder",
            });
        }

        if (section.Text is { Length: > 0 } text)
        {
            // Cards have no block quote: a quoted passage (the customer draft, "> …") goes in a shaded box of its
            // own, so what the rep copies is the passage, without the marker.
            foreach (var (quoted, run) in QuoteRuns(text))
            {
                var block = new JsonObject
                {
                    ["type"] = "TextBlock",
                    ["text"] = Truncate(run, MaxTextLength),
                    ["wrap"] = true,
                };
                items.Add(quoted ? new JsonObject { ["type"] = "Container", ["style"] = "emphasis", ["items"] = new JsonArray(block) } : block);
            }
        }

        if (section.Facts.Count > 0)
        {
            var facts = new JsonArray();
            foreach (var fact in section.Facts)
            {
                facts.Add(new JsonObject { ["title"] = Truncate(fact.Label, 200), ["value"] = Truncate(fact.Value, MaxTextLength) });
            }

            items.Add(new JsonObject { ["type"] = "FactSet", ["facts"] = facts });
        }

        // Inputs no button submits are shown in the section itself; the rest open with their button.
        var inputsById = section.Inputs.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var claimed = new HashSet<string>(section.Buttons.SelectMany(b => b.InputIds ?? []), StringComparer.Ordinal);
        foreach (var input in section.Inputs.Where(i => !claimed.Contains(i.Id)))
        {
            items.Add(Input(input, number));
        }

        var actions = section.Buttons.Select(b => Button(b, number, inputsById)).ToList();
        for (var start = 0; start < actions.Count; start += ActionsPerSet)
        {
            items.Add(new JsonObject
            {
                ["type"] = "ActionSet",
                ["actions"] = new JsonArray([.. actions.Skip(start).Take(ActionsPerSet)]),
            });
        }

        return new JsonObject
        {
            ["type"] = "Container",
            ["separator"] = true,
            ["spacing"] = "Medium",
            ["items"] = items,
        };
    }

    private JsonObject Button(MessageButton button, int section, Dictionary<string, MessageInput> inputs)
    {
        var submit = SubmitAction(button, section);
        var inputIds = button.InputIds ?? [];
        if (inputIds.Count == 0)
        {
            return submit;
        }

        var fields = new JsonArray();
        foreach (var id in inputIds)
        {
            if (inputs.TryGetValue(id, out var input))
            {
                fields.Add(Input(input, section));
            }
        }

        return new JsonObject
        {
            ["type"] = "Action.ShowCard",
            ["title"] = Truncate(button.Label, 100) + "…",
            ["card"] = new JsonObject
            {
                ["type"] = "AdaptiveCard",
                ["body"] = fields,
                ["actions"] = new JsonArray(submit),
            },
        };
    }

    private JsonObject SubmitAction(MessageButton button, int section)
    {
        var data = new JsonObject
        {
            [CardActionData.ActionIdKey] = button.ActionId,
            [CardActionData.SectionKey] = section.ToString(CultureInfo.InvariantCulture),
        };
        return actionStyle == CardActionStyle.Execute
            ? new JsonObject
            {
                ["type"] = "Action.Execute",
                ["title"] = Truncate(button.Label, 100),
                ["verb"] = button.ActionId,
                ["data"] = data,
            }
            : new JsonObject
            {
                ["type"] = "Action.Submit",
                ["title"] = Truncate(button.Label, 100),
                ["data"] = data,
            };
    }

    private static JsonObject Input(MessageInput input, int section)
    {
        var node = new JsonObject
        {
            ["type"] = input.Kind switch
            {
                InputKind.Date => "Input.Date",
                InputKind.Time => "Input.Time",
                InputKind.Choice => "Input.ChoiceSet",
                _ => "Input.Text",
            },
            ["id"] = CardActionData.InputId(section, input.Id),
            ["label"] = Truncate(input.Label, 200),
        };
        if (input.Initial is { Length: > 0 } initial)
        {
            node["value"] = initial;
        }

        if (input.Required)
        {
            node["isRequired"] = true;
            node["errorMessage"] = $"{input.Label} is required.";
        }

        switch (input.Kind)
        {
            case InputKind.Text:
                if (input.MaxLength is { } max)
                {
                    node["maxLength"] = max;
                }

                node["isMultiline"] = input.MaxLength is null or > 200;
                break;
            case InputKind.Choice:
                node["style"] = "compact";
                node["choices"] = new JsonArray([.. (input.Choices ?? []).Select(c => (JsonNode)new JsonObject { ["title"] = c.Value, ["value"] = c.Key })]);
                break;
            default:
                break;
        }

        return node;
    }

    private static string HeadlineColor(MessageKind kind) => kind switch
    {
        MessageKind.Error => "Attention",
        MessageKind.Created => "Good",
        MessageKind.HeadsUp or MessageKind.Due => "Accent",
        MessageKind.Overdue or MessageKind.ManagerEscalation or MessageKind.ChannelEscalation => "Attention",
        MessageKind.ManagerEarlyWarning or MessageKind.AdminNotice or MessageKind.Playbook => "Warning",
        _ => "Default",
    };

    private static string Truncate(string value, int max) =>
        value.Length <= max ? value : string.Concat(value.AsSpan(0, max - 1), "…");
}

/// <summary>Reads a pressed button's data (and the inputs submitted with it) back into an action id and values.</summary>
public static class CardActionData
{
    public const string ActionIdKey = "actionId";
    public const string SectionKey = "section";

    /// <summary>The id an input gets on the card: <c>{section}.{inputId}</c>.</summary>
    public static string InputId(int section, string inputId) =>
        section.ToString(CultureInfo.InvariantCulture) + "." + inputId;

    /// <summary>
    /// Reads <paramref name="data"/> (Action.Submit's <c>value</c>, or Action.Execute's <c>action.data</c>);
    /// <paramref name="verb"/> is Action.Execute's verb, used when the data names no action.
    /// </summary>
    public static bool TryRead(JsonElement data, string? verb, out string actionId, out IReadOnlyDictionary<string, string> values)
    {
        actionId = "";
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        values = result;
        if (data.ValueKind != JsonValueKind.Object)
        {
            if (string.IsNullOrEmpty(verb))
            {
                return false;
            }

            actionId = verb;
            return true;
        }

        string? section = null;
        if (data.TryGetProperty(SectionKey, out var sectionElement) && sectionElement.ValueKind == JsonValueKind.String)
        {
            section = sectionElement.GetString();
        }

        foreach (var property in data.EnumerateObject())
        {
            var text = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                _ => null,
            };
            if (text is null)
            {
                continue;
            }

            if (property.NameEquals(ActionIdKey))
            {
                actionId = text;
                continue;
            }

            if (property.NameEquals(SectionKey))
            {
                continue;
            }

            var key = property.Name;
            var dot = key.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0 && key.AsSpan(0, dot).IndexOfAnyExceptInRange('0', '9') < 0)
            {
                // An input from another section of the same card is not part of this press.
                if (!key.AsSpan(0, dot).SequenceEqual(section))
                {
                    continue;
                }

                key = key[(dot + 1)..];
            }

            result[key] = text;
        }

        if (actionId.Length == 0)
        {
            actionId = verb ?? "";
        }

        return actionId.Length > 0;
    }
}
