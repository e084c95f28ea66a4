namespace CommitmentBot.Core.Commands;

/// <summary>Reads what a person entered in the inputs that came with a button press.</summary>
internal static class ButtonValues
{
    /// <summary>The trimmed value of <paramref name="key"/>, or null when it is missing or blank.</summary>
    public static string? Read(IReadOnlyDictionary<string, string>? values, string key) =>
        values is not null && values.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
