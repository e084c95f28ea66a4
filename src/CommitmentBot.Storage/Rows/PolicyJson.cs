using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CommitmentBot.Core.Escalation;

namespace CommitmentBot.Storage.Rows;

/// <summary>
/// <see cref="EscalationPolicy"/> as stored: JSON with camelCase names; durations use System.Text.Json's
/// TimeSpan form, the invariant "c" format (<c>"02:00:00"</c>, <c>"2.00:00:00"</c> for 48 hours), which
/// reads back exactly and stays readable in a query window. A property missing from an older row
/// keeps the policy's default; an unknown one is ignored.
/// </summary>
internal static class PolicyJson
{
    private const int MaxCachedPolicies = 512;

    // Rows repeat a handful of policies (one per workspace and change), so parsed ones are shared;
    // the records are immutable.
    private static readonly ConcurrentDictionary<string, EscalationPolicy> Parsed = new(StringComparer.Ordinal);

    // Reflection-based on purpose: it builds the record with its initialisers and then sets only the
    // properties present, so a property missing from an older row keeps its default. (The source
    // generator sets every init-only property in one object initializer, turning missing ones into 0.)
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    private static readonly string DefaultJson = JsonSerializer.Serialize(EscalationPolicy.Default, Options);

    public static string Serialize(EscalationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy == EscalationPolicy.Default
            ? DefaultJson
            : JsonSerializer.Serialize(policy, Options);
    }

    public static EscalationPolicy Deserialize(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return EscalationPolicy.Default;
        }

        if (Parsed.TryGetValue(json, out var cached))
        {
            return cached;
        }

        EscalationPolicy policy;
        try
        {
            policy = JsonSerializer.Deserialize<EscalationPolicy>(json, Options) ?? EscalationPolicy.Default;
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"A stored escalation policy is not valid JSON: {ex.Message}", ex);
        }

        if (Parsed.Count >= MaxCachedPolicies)
        {
            Parsed.Clear();
        }

        Parsed[json] = policy;
        return policy;
    }
}
