using System.Text.Json.Serialization;

namespace CommitmentBot.Slack.BlockKit;

// The subset of Block Kit this app sends. Property names become snake_case on the wire.

/// <summary>A text object: <c>plain_text</c> or <c>mrkdwn</c>.</summary>
internal sealed record TextObject(string Type, string Text)
{
    public bool? Emoji { get; init; }

    public static TextObject Plain(string text) => new("plain_text", text) { Emoji = true };

    public static TextObject Mrkdwn(string text) => new("mrkdwn", text);
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HeaderBlock), "header")]
[JsonDerivedType(typeof(SectionBlock), "section")]
[JsonDerivedType(typeof(DividerBlock), "divider")]
[JsonDerivedType(typeof(ContextBlock), "context")]
[JsonDerivedType(typeof(ActionsBlock), "actions")]
[JsonDerivedType(typeof(InputBlock), "input")]
[JsonDerivedType(typeof(ImageBlock), "image")]
internal abstract record Block
{
    public string? BlockId { get; init; }
}

internal sealed record HeaderBlock(TextObject Text) : Block;

internal sealed record SectionBlock : Block
{
    public TextObject? Text { get; init; }

    public IReadOnlyList<TextObject>? Fields { get; init; }
}

internal sealed record DividerBlock : Block;

/// <summary>An image block showing an uploaded Slack file (<c>slack_file: {id}</c>), with its text alternative.</summary>
internal sealed record ImageBlock(SlackFileRef SlackFile, string AltText) : Block
{
    public TextObject? Title { get; init; }
}

/// <summary>A reference to a file uploaded to Slack.</summary>
internal sealed record SlackFileRef(string Id);

internal sealed record ContextBlock(IReadOnlyList<TextObject> Elements) : Block;

internal sealed record ActionsBlock(IReadOnlyList<BlockElement> Elements) : Block;

internal sealed record InputBlock(TextObject Label, BlockElement Element) : Block
{
    public bool? Optional { get; init; }

    public TextObject? Hint { get; init; }
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ButtonElement), "button")]
[JsonDerivedType(typeof(DatePickerElement), "datepicker")]
[JsonDerivedType(typeof(TimePickerElement), "timepicker")]
[JsonDerivedType(typeof(PlainTextInputElement), "plain_text_input")]
[JsonDerivedType(typeof(StaticSelectElement), "static_select")]
[JsonDerivedType(typeof(FileInputElement), "file_input")]
internal abstract record BlockElement
{
    public required string ActionId { get; init; }
}

internal sealed record ButtonElement(TextObject Text) : BlockElement
{
    public string? Value { get; init; }

    public string? Style { get; init; }
}

internal sealed record DatePickerElement : BlockElement
{
    public string? InitialDate { get; init; }

    public TextObject? Placeholder { get; init; }
}

internal sealed record TimePickerElement : BlockElement
{
    public string? InitialTime { get; init; }

    public TextObject? Placeholder { get; init; }
}

internal sealed record PlainTextInputElement : BlockElement
{
    public string? InitialValue { get; init; }

    public int? MaxLength { get; init; }

    public bool? Multiline { get; init; }
}

/// <summary>A file upload in a modal (needs the <c>files:read</c> scope); the submission carries the files' private URLs.</summary>
internal sealed record FileInputElement : BlockElement
{
    public IReadOnlyList<string>? Filetypes { get; init; }

    public int? MaxFiles { get; init; }
}

internal sealed record SelectOption(TextObject Text, string Value);

internal sealed record StaticSelectElement(IReadOnlyList<SelectOption> Options) : BlockElement
{
    public SelectOption? InitialOption { get; init; }

    public TextObject? Placeholder { get; init; }
}

/// <summary>A message body: top-level <c>text</c> (notifications, screen readers) plus blocks.</summary>
internal sealed record SlackMessage(string Text, IReadOnlyList<Block> Blocks);

/// <summary>A modal or App Home view.</summary>
internal sealed record SlackView(string Type, IReadOnlyList<Block> Blocks)
{
    public TextObject? Title { get; init; }

    public TextObject? Submit { get; init; }

    public TextObject? Close { get; init; }

    public string? CallbackId { get; init; }

    public string? PrivateMetadata { get; init; }
}

/// <summary>A chart uploaded to Slack as a private file: its file id, title and text alternative.</summary>
internal sealed record UploadedChart(string FileId, string Title, string AltText);
