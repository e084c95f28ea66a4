using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace CommitmentBot.Deploy.Tests.Support;

/// <summary>YAML read into System.Text.Json nodes (scalars typed as YAML 1.2's core schema types them), so a JSON Schema can judge it.</summary>
internal static class Yaml
{
    public static JsonNode? ToJson(string yaml) => ReadAll(yaml).SingleOrDefault();

    /// <summary>Every document of a multi-document stream.</summary>
    public static IReadOnlyList<JsonNode?> ReadAll(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => Convert(d.RootNode)).ToList();
    }

    private static JsonNode? Convert(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (key, value) in map.Children)
                {
                    var name = ((YamlScalarNode)key).Value!;
                    if (name == "<<")
                    {
                        // A merge key: the anchored mapping's entries, unless this mapping sets them itself.
                        foreach (var (k, v) in ((JsonObject)Convert(value)!).ToList())
                        {
                            if (!map.Children.Keys.OfType<YamlScalarNode>().Any(s => s.Value == k))
                            {
                                obj[k] = v?.DeepClone();
                            }
                        }

                        continue;
                    }

                    obj[name] = Convert(value);
                }

                return obj;
            case YamlSequenceNode sequence:
                return new JsonArray(sequence.Children.Select(Convert).ToArray());
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new InvalidDataException($"Unexpected YAML node {node.NodeType}.");
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not YamlDotNet.Core.ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" => null,
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && text.Any(char.IsDigit) && !text.Contains(':', StringComparison.Ordinal) => JsonValue.Create(real),
            _ => JsonValue.Create(text),
        };
    }
}
