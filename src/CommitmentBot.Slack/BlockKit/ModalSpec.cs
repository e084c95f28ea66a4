using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using CommitmentBot.Core.Messages;

namespace CommitmentBot.Slack.BlockKit;

/// <summary>
/// What a modal must ask for, carried in the value of the button that opens it (≤ 2,000 characters), so
/// the click alone is enough to open the modal; short property names keep it small.
/// </summary>
internal sealed record ModalSpec(
    [property: JsonPropertyName("t")] string Title,
    [property: JsonPropertyName("x")] string? Context,
    [property: JsonPropertyName("i")] IReadOnlyList<ModalField> Inputs)
{
    /// <summary>
    /// True when every part the renderer relies on is there: a title, a list of inputs (none null, each with an id
    /// and a label, a kind we know, choices with a value and a title). JSON read back from a button value may lack any
    /// of them, since the serializer leaves a missing property null whatever the record says.
    /// </summary>
    public static bool IsWhole([NotNullWhen(true)] ModalSpec? spec) =>
        spec is { Title: not null, Inputs: { } inputs }
        && inputs.All(input => input is { Id.Length: > 0, Label: not null }
            && Enum.IsDefined(input.Kind)
            && (input.Choices is null || input.Choices.All(choice => choice is { Value: not null, Title: not null })));
}

internal sealed record ModalField(
    [property: JsonPropertyName("d")] string Id,
    [property: JsonPropertyName("k")] InputKind Kind,
    [property: JsonPropertyName("l")] string Label,
    [property: JsonPropertyName("v")] string? Initial = null,
    [property: JsonPropertyName("r")] bool Required = false,
    [property: JsonPropertyName("m")] int? MaxLength = null,
    [property: JsonPropertyName("c")] IReadOnlyList<ModalChoice>? Choices = null);

internal sealed record ModalChoice(
    [property: JsonPropertyName("v")] string Value,
    [property: JsonPropertyName("t")] string Title);

/// <summary>
/// The modal's <c>private_metadata</c>: which action its submission completes and where the button was,
/// so the reply can go back to the same place. Slack returns it untouched with the submission.
/// </summary>
internal sealed record ModalState(
    [property: JsonPropertyName("a")] string ActionId,
    [property: JsonPropertyName("c")] string? ChannelId = null,
    [property: JsonPropertyName("m")] string? MessageTs = null,
    [property: JsonPropertyName("r")] string? ResponseUrl = null,
    [property: JsonPropertyName("h")] bool FromHome = false,
    [property: JsonPropertyName("e")] string? FirstInputId = null,
    [property: JsonPropertyName("x")] bool Ephemeral = false);
