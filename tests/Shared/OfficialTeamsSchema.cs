using System.Text.Json.Nodes;
using NJsonSchema;

namespace CommitmentBot.Tests.Shared;

/// <summary>
/// The official Teams app manifest schema (v1.29, copied from <c>shared/schemas/teams/</c> into the test output
/// as <c>schemas/</c>), ready for NJsonSchema. Linked into each test project that validates a manifest.
/// Missing: the test fails under CI and is skipped with the reason elsewhere.
/// </summary>
internal static class OfficialTeamsSchema
{
    public static async Task<JsonSchema> LoadAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "schemas", "MicrosoftTeams.schema.v1.29.json");
        if (!File.Exists(path))
        {
            const string message = "The official Teams schema (shared/schemas/teams/MicrosoftTeams.schema.v1.29.json beside the repository) is missing.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Skip(message);
        }

        var schema = JsonNode.Parse(await File.ReadAllTextAsync(path, cancellationToken))!;
        ConstToEnum(schema, isPropertyMap: false);
        return await JsonSchema.FromJsonAsync(schema.ToJsonString(), cancellationToken);
    }

    // The schema declares draft-04 but uses "const" (draft-06, for manifestVersion), which NJsonSchema's
    // draft-04 reader ignores; a one-value "enum" says the same in draft-04.
    private static void ConstToEnum(JsonNode? node, bool isPropertyMap)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                ConstToEnum(item, isPropertyMap: false);
            }
        }
        else if (node is JsonObject obj)
        {
            if (!isPropertyMap && obj["const"] is { } value)
            {
                obj.Remove("const");
                obj["enum"] = new JsonArray(value.DeepClone());
            }

            foreach (var (key, child) in obj.ToList())
            {
                ConstToEnum(child, isPropertyMap: !isPropertyMap && key is "properties" or "definitions" or "patternProperties");
            }
        }
    }
}
