using System.Globalization;
using System.Text.Json;
using CommitmentBot.Core.Messages;

namespace CommitmentBot.Slack.BlockKit;

/// <summary>
/// Renders the platform-neutral <see cref="OutboundMessage"/> as Block Kit: messages (≤ 50 blocks), the
/// App Home view (≤ 100 blocks) and the modals behind buttons that submit inputs. Every limit of
/// Block Kit is respected here, so Slack never refuses a message for its shape.
/// </summary>
internal static class BlockKitRenderer
{
    public const int MessageBlockLimit = 50;
    public const int ViewBlockLimit = 100;
    public const int HeaderTextLimit = 150;
    public const int SectionTextLimit = 3000;
    public const int FieldTextLimit = 2000;
    public const int FieldsPerSection = 10;
    public const int ButtonTextLimit = 75;
    public const int ButtonValueLimit = 2000;
    public const int ElementsPerActions = 25;
    public const int IdLimit = 255;
    public const int ModalTitleLimit = 24;
    public const int PrivateMetadataLimit = 3000;
    public const int TopLevelTextLimit = 3000;
    public const int ContextTextLimit = 2000;
    public const int SelectOptionLimit = 100;
    public const int SelectOptionTextLimit = 75;
    public const int SelectOptionValueLimit = 150;
    public const int TextInputLimit = 3000;

    /// <summary>Facts beyond this many per section are summarised rather than shown.</summary>
    public const int FactsPerSectionShown = 40;

    /// <summary>The callback id of every input modal this app opens.</summary>
    public const string ModalCallbackId = "commitmentbot.inputs";

    /// <summary>The callback id of the manager-import modal (<c>/promise admin import</c> with nothing after it).</summary>
    public const string ImportCallbackId = "commitmentbot.import";

    /// <summary>Block and action id of the import modal's CSV file input.</summary>
    public const string ImportFileId = "import_file";

    /// <summary>Block and action id of the import modal's pasted-lines input.</summary>
    public const string ImportTextId = "import_text";

    /// <summary>Button values starting with this carry a <see cref="ModalSpec"/>: the click opens a modal.</summary>
    public const string ModalValuePrefix = "m:";

    public static SlackMessage RenderMessage(OutboundMessage message) => RenderMessage(message, []);

    /// <summary>
    /// The message with its charts: each uploaded chart (a private Slack file) as an image block referencing the file,
    /// with the chart's text alternative (its numbers) as the block's alt text, after the body.
    /// </summary>
    public static SlackMessage RenderMessage(OutboundMessage message, IReadOnlyList<UploadedChart> charts)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(charts);
        var blocks = RenderBlocks(message, MessageBlockLimit - charts.Count);
        foreach (var chart in charts)
        {
            blocks.Add(new ImageBlock(new SlackFileRef(chart.FileId), Clip(chart.AltText, 2000)) { Title = TextObject.Plain(Clip(chart.Title, 2000)) });
        }

        return new SlackMessage(TopLevelText(message), blocks);
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>The rep's promises as the App Home tab.</summary>
    public static SlackView RenderHome(OutboundMessage list, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(list);
        var blocks = RenderBlocks(list, ViewBlockLimit - 2);
        blocks.Add(new DividerBlock());
        blocks.Add(new ContextBlock(
        [
            TextObject.Mrkdwn($"Updated {DateToken(now, "{date_short_pretty} {time}", now.ToString("u", CultureInfo.InvariantCulture))} · type `/promise help` for commands"),
        ]));
        return new SlackView("home", blocks);
    }

    /// <summary>The modal a form's button opens when it is opened directly (no button value to fit): every input, prefilled.</summary>
    public static ModalSpec FormModal(MessageButton button, MessageSection section)
    {
        ArgumentNullException.ThrowIfNull(button);
        ArgumentNullException.ThrowIfNull(section);
        var inputs = (button.InputIds ?? [])
            .Select(id => section.Inputs.FirstOrDefault(i => string.Equals(i.Id, id, StringComparison.Ordinal)))
            .OfType<MessageInput>()
            .Select(i => ToField(i, 40, SelectOptionLimit))
            .ToList();
        return new ModalSpec(section.Title ?? button.Label, null, inputs);
    }

    /// <summary>The modal a button with inputs opens.</summary>
    public static SlackView RenderModal(ModalSpec spec, ModalState state)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(state);
        var blocks = new List<Block>();
        if (!string.IsNullOrWhiteSpace(spec.Context))
        {
            blocks.Add(new SectionBlock { Text = TextObject.Mrkdwn("*" + SlackText.EscapeAndFit(spec.Context, SectionTextLimit - 2) + "*") });
        }

        foreach (var input in spec.Inputs.Take(ViewBlockLimit - 1))
        {
            blocks.Add(new InputBlock(TextObject.Plain(SlackText.Fit(input.Label.Length == 0 ? input.Id : input.Label, FieldTextLimit)), InputElement(input))
            {
                BlockId = SlackText.Fit(input.Id, IdLimit),
                Optional = input.Required ? null : true,
            });
        }

        var metadata = JsonSerializer.Serialize(state with { FirstInputId = FirstId(spec) }, SlackJsonContext.Default.ModalState);
        if (metadata.Length > PrivateMetadataLimit)
        {
            // Only the response URL can be long; without it the reply goes by DM instead.
            metadata = JsonSerializer.Serialize(state with { ResponseUrl = null, FirstInputId = FirstId(spec) }, SlackJsonContext.Default.ModalState);
        }

        return new SlackView("modal", blocks)
        {
            CallbackId = ModalCallbackId,
            Title = TextObject.Plain(SlackText.Fit(spec.Title.Length == 0 ? "CommitmentBot" : spec.Title, ModalTitleLimit)),
            Submit = TextObject.Plain("Save"),
            Close = TextObject.Plain("Cancel"),
            PrivateMetadata = metadata,
        };
    }

    /// <summary>
    /// The manager-import modal: a CSV file (one <c>rep,manager</c> pair a line) or the same lines pasted.
    /// <paramref name="channelId"/> is where the command was typed, so the outcome can be told there.
    /// </summary>
    public static SlackView RenderImportModal(string? channelId)
    {
        var metadata = JsonSerializer.Serialize(new ModalState("admin import", channelId, FirstInputId: ImportFileId), SlackJsonContext.Default.ModalState);
        return new SlackView("modal", [
            new SectionBlock
            {
                Text = TextObject.Mrkdwn(
                    "Set many reps' managers at once: one `rep,manager` pair a line, each a Slack member ID (`U012AB3CD`) "
                    + "or a mention, with an optional `rep,manager` header line. At most 1,000 pairs."),
            },
            new InputBlock(TextObject.Plain("CSV file"), new FileInputElement { ActionId = ImportFileId, Filetypes = ["csv", "txt"], MaxFiles = 1 })
            {
                BlockId = ImportFileId,
                Optional = true,
            },
            new InputBlock(TextObject.Plain("…or paste the lines"), new PlainTextInputElement { ActionId = ImportTextId, Multiline = true, MaxLength = TextInputLimit })
            {
                BlockId = ImportTextId,
                Optional = true,
            },
        ])
        {
            CallbackId = ImportCallbackId,
            Title = TextObject.Plain("Import managers"),
            Submit = TextObject.Plain("Import"),
            Close = TextObject.Plain("Cancel"),
            PrivateMetadata = metadata,
        };
    }

    private static string? FirstId(ModalSpec spec) => spec.Inputs.Count > 0 ? spec.Inputs[0].Id : null;

    /// <summary>True when a button's value claims to carry a modal description (whether or not it reads as one).</summary>
    public static bool IsModalValue(string? buttonValue) =>
        buttonValue is not null && buttonValue.StartsWith(ModalValuePrefix, StringComparison.Ordinal);

    /// <summary>
    /// Reads the modal description carried by a button's value; null when there is none, or when what is there is not
    /// a whole description (a value from an older version, or one not written by us): such a button is out of date.
    /// </summary>
    public static ModalSpec? ReadModalSpec(string? buttonValue)
    {
        if (!IsModalValue(buttonValue))
        {
            return null;
        }

        try
        {
            var spec = JsonSerializer.Deserialize(buttonValue.AsSpan(ModalValuePrefix.Length), SlackJsonContext.Default.ModalSpec);
            return ModalSpec.IsWhole(spec) ? spec : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary><c>&lt;!date^unix^format|fallback&gt;</c>: Slack shows the instant in each reader's own zone.</summary>
    public static string DateToken(DateTimeOffset instant, string format, string fallback) =>
        string.Create(CultureInfo.InvariantCulture, $"<!date^{instant.ToUnixTimeSeconds()}^{format}|{SlackText.EscapeAndFit(fallback.Replace('|', '/'), 300)}>");

    private static string TopLevelText(OutboundMessage message)
    {
        var text = message.Text;
        if (string.IsNullOrWhiteSpace(text))
        {
            text = message.Sections.Select(s => s.Title ?? s.Text).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t)) ?? "CommitmentBot";
        }

        return SlackText.EscapeAndFit(text, TopLevelTextLimit);
    }

    private static List<Block> RenderBlocks(OutboundMessage message, int limit)
    {
        var blocks = new List<Block>();
        if (RenderHeadline(message) is { } headline)
        {
            blocks.Add(headline);
        }

        var sections = new List<List<Block>>(message.Sections.Count);
        for (var i = 0; i < message.Sections.Count; i++)
        {
            var rendered = RenderSection(message.Sections[i], i);
            if (rendered.Count > 0)
            {
                sections.Add(rendered);
            }
        }

        // Dividers help the eye but cost blocks: keep them only when everything fits with them.
        var total = blocks.Count + sections.Sum(s => s.Count);
        var withDividers = sections.Count > 1 && total + sections.Count - 1 <= limit;

        var shown = 0;
        foreach (var section in sections)
        {
            var cost = section.Count + (withDividers && shown > 0 ? 1 : 0);
            var reserve = shown + 1 < sections.Count ? 1 : 0; // room for the "more not shown" marker
            if (blocks.Count + cost + reserve > limit)
            {
                break;
            }

            if (withDividers && shown > 0)
            {
                blocks.Add(new DividerBlock());
            }

            blocks.AddRange(section);
            shown++;
        }

        if (shown < sections.Count)
        {
            var hidden = sections.Count - shown;
            blocks.Add(new ContextBlock(
            [
                TextObject.Mrkdwn(string.Create(CultureInfo.InvariantCulture, $"_…and {hidden} more not shown here (showing {shown} of {sections.Count}; Slack fits {limit} blocks)._")),
            ]));
        }

        return blocks;
    }

    private static Block? RenderHeadline(OutboundMessage message)
    {
        if (string.IsNullOrWhiteSpace(message.Text))
        {
            return null;
        }

        var icon = message.Kind switch
        {
            MessageKind.Error => ":warning:",
            MessageKind.Created => ":white_check_mark:",
            MessageKind.List => ":clipboard:",
            MessageKind.Help => ":information_source:",
            MessageKind.HeadsUp => ":hourglass_flowing_sand:",
            MessageKind.Due => ":alarm_clock:",
            MessageKind.Overdue => ":warning:",
            MessageKind.ManagerEscalation => ":rotating_light:",
            MessageKind.ManagerEarlyWarning => ":large_yellow_circle:",
            MessageKind.ChannelEscalation => ":rotating_light:",
            MessageKind.Playbook => ":hammer_and_wrench:",
            MessageKind.Bundle => ":bell:",
            MessageKind.AdminNotice => ":information_source:",
            MessageKind.TeamChange => ":busts_in_silhouette:",
            _ => null,
        };

        // Replies, errors and help read as prose; the rest get a header, unless the headline is too long for one.
        var prose = message.Kind is MessageKind.Reply or MessageKind.Error or MessageKind.Help;
        var single = !message.Text.Contains('\n', StringComparison.Ordinal);
        if (!prose && single && message.Text.Length + (icon?.Length ?? 0) + 1 <= HeaderTextLimit)
        {
            return new HeaderBlock(TextObject.Plain(icon is null ? message.Text : icon + " " + message.Text));
        }

        var prefix = icon is null ? "" : icon + " ";
        return new SectionBlock { Text = TextObject.Mrkdwn(prefix + SlackText.EscapeAndFit(message.Text, SectionTextLimit - prefix.Length)) };
    }

    private static List<Block> RenderSection(MessageSection section, int index)
    {
        var blocks = new List<Block>();
        var text = SectionText(section);
        var facts = section.Facts.Take(FactsPerSectionShown).Select(FactField).ToList();
        var firstFields = facts.Take(FieldsPerSection).ToList();
        if (text is not null || firstFields.Count > 0)
        {
            blocks.Add(new SectionBlock
            {
                Text = text is null ? null : TextObject.Mrkdwn(text),
                Fields = firstFields.Count > 0 ? firstFields : null,
            });
        }

        foreach (var chunk in facts.Skip(FieldsPerSection).Chunk(FieldsPerSection))
        {
            blocks.Add(new SectionBlock { Fields = chunk });
        }

        if (section.Facts.Count > FactsPerSectionShown)
        {
            blocks.Add(new ContextBlock([TextObject.Mrkdwn(string.Create(CultureInfo.InvariantCulture, $"_…and {section.Facts.Count - FactsPerSectionShown} more details not shown._"))]));
        }

        var buttons = new List<BlockElement>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var button in section.Buttons)
        {
            // Action ids must be present, short enough and unique within their block.
            if (string.IsNullOrEmpty(button.ActionId) || button.ActionId.Length > IdLimit || !seen.Add(button.ActionId))
            {
                continue;
            }

            buttons.Add(RenderButton(button, section));
        }

        var chunkIndex = 0;
        foreach (var chunk in buttons.Chunk(ElementsPerActions))
        {
            blocks.Add(new ActionsBlock(chunk) { BlockId = string.Create(CultureInfo.InvariantCulture, $"s{index}.a{chunkIndex++}") });
        }

        return blocks;
    }

    private static string? SectionText(MessageSection section)
    {
        var hasTitle = !string.IsNullOrWhiteSpace(section.Title);
        var hasText = !string.IsNullOrWhiteSpace(section.Text);
        if (!hasTitle && !hasText)
        {
            return null;
        }

        if (!hasText)
        {
            return "*" + SlackText.EscapeAndFit(section.Title!, SectionTextLimit - 2) + "*";
        }

        if (!hasTitle)
        {
            return SlackText.EscapeAndFit(section.Text!, SectionTextLimit);
        }

        var title = "*" + SlackText.EscapeAndFit(section.Title!, HeaderTextLimit) + "*\n";
        return title + SlackText.EscapeAndFit(section.Text!, SectionTextLimit - title.Length);
    }

    private static TextObject FactField(MessageFact fact)
    {
        var label = "*" + SlackText.EscapeAndFit(fact.Label, 200) + "*\n";
        // Slack draws the instant in each reader's own zone; the promise's named zone (the customer's) goes beside it.
        var value = fact.Instant is { } instant
            ? DateToken(instant, "{date_short_pretty} {time}", fact.Value)
                + (fact.AlsoIn is { Length: > 0 } also ? " (" + SlackText.EscapeAndFit(also, 100) + ")" : "")
            : SlackText.EscapeAndFit(fact.Value, FieldTextLimit - label.Length);
        return TextObject.Mrkdwn(label + value);
    }

    private static ButtonElement RenderButton(MessageButton button, MessageSection section)
    {
        var style = button.Style switch
        {
            ButtonStyle.Primary => "primary",
            ButtonStyle.Danger => "danger",
            _ => null,
        };

        string? value = null;
        if (button.InputIds is { Count: > 0 } inputIds)
        {
            value = ModalValue(button, section, inputIds);
        }

        return new ButtonElement(TextObject.Plain(SlackText.Fit(button.Label.Length == 0 ? button.ActionId : button.Label, ButtonTextLimit)))
        {
            ActionId = button.ActionId,
            Style = style,
            Value = value,
        };
    }

    private static string? ModalValue(MessageButton button, MessageSection section, IReadOnlyList<string> inputIds)
    {
        var inputs = inputIds
            .Select(id => section.Inputs.FirstOrDefault(i => string.Equals(i.Id, id, StringComparison.Ordinal)))
            .OfType<MessageInput>()
            .ToList();
        if (inputs.Count == 0)
        {
            return null;
        }

        var context = section.Title ?? section.CommitmentRef;

        // Try the full description first, then smaller ones; a button that cannot carry its modal
        // still works (the handler then answers that an input is missing).
        ModalSpec[] attempts =
        [
            new(button.Label, context, inputs.Select(i => ToField(i, 40, SelectOptionLimit)).ToList()),
            new(button.Label, null, inputs.Select(i => ToField(i, 40, 20)).ToList()),
            new(button.Label, null, inputs.Select(i => ToField(i, 12, 5) with { Initial = null }).ToList()),
        ];
        foreach (var spec in attempts)
        {
            var value = ModalValuePrefix + JsonSerializer.Serialize(spec, SlackJsonContext.Default.ModalSpec);
            if (value.Length <= ButtonValueLimit)
            {
                return value;
            }
        }

        return null;
    }

    private static ModalField ToField(MessageInput input, int labelLimit, int choiceLimit) => new(
        input.Id,
        input.Kind,
        SlackText.Fit(input.Label, labelLimit),
        input.Initial,
        input.Required,
        input.MaxLength,
        input.Choices?.Take(choiceLimit).Select(c => new ModalChoice(c.Key, c.Value)).ToList());

    private static BlockElement InputElement(ModalField input)
    {
        var actionId = SlackText.Fit(input.Id, IdLimit);
        switch (input.Kind)
        {
            case InputKind.Date:
                return new DatePickerElement
                {
                    ActionId = actionId,
                    InitialDate = DateOnly.TryParseExact(input.Initial, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? input.Initial : null,
                    Placeholder = TextObject.Plain("Pick a date"),
                };
            case InputKind.Time:
                return new TimePickerElement
                {
                    ActionId = actionId,
                    InitialTime = TimeOnly.TryParseExact(input.Initial, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? input.Initial : null,
                    Placeholder = TextObject.Plain("Pick a time"),
                };
            case InputKind.Choice when input.Choices is { Count: > 0 } choices:
                var options = choices
                    .Where(c => c.Value.Length is > 0 and <= SelectOptionValueLimit)
                    .Take(SelectOptionLimit)
                    .Select(c => new SelectOption(TextObject.Plain(SlackText.Fit(c.Title.Length == 0 ? c.Value : c.Title, SelectOptionTextLimit)), c.Value))
                    .ToList();
                if (options.Count == 0)
                {
                    goto default;
                }

                return new StaticSelectElement(options)
                {
                    ActionId = actionId,
                    InitialOption = options.FirstOrDefault(o => string.Equals(o.Value, input.Initial, StringComparison.Ordinal)),
                    Placeholder = TextObject.Plain("Choose"),
                };
            default:
                var max = Math.Min(input.MaxLength is > 0 ? input.MaxLength.Value : TextInputLimit, TextInputLimit);
                return new PlainTextInputElement
                {
                    ActionId = actionId,
                    InitialValue = string.IsNullOrEmpty(input.Initial) ? null : SlackText.Fit(input.Initial, max),
                    MaxLength = max,
                    Multiline = input.Id == ActionIds.NoteInput ? true : null,
                };
        }
    }
}
