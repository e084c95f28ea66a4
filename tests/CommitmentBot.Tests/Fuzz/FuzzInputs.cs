using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace CommitmentBot.Tests.Fuzz;

/// <summary>
/// Deterministic generators of malformed and odd inputs (a fixed seed per test): command texts built from the real
/// command words, due phrases and junk, strings of awkward lengths and characters, and JSON documents mutated at random
/// nodes (a value replaced by null, another type, a long string or a deep nest).
/// </summary>
public sealed class FuzzInputs(int seed)
{
    private static readonly string[] Verbs =
    [
        "", "list", "help", "done", "kept", "move", "risk", "missed", "undo", "told", "record", "settings", "admin",
        "show", "history", "frobnicate", "edit", "snooze", "promise", "/promise", "cancel", "drop",
    ];

    private static readonly string[] Settings =
    [
        "zone Europe/Paris", "zone EST", "zone Pacific", "zone UTC+5:30", "zone Mars/Olympus", "hours 9-5", "hours 09:00-17:30",
        "hours 25-3", "manager none", "manager <@U2>", "manager <@U" + new string('9', 140) + ">", "days mon-fri", "zone", "hours",
        "digest off", "digest on", "digest", "digest maybe", "digest " + new string('x', 300),
    ];

    private static readonly string[] Admin =
    [
        "channel", "channel none", "manager <@U1> <@U2>", "manager <@U3> <@U3>", "import", "import\nU1,U2\nU3,U4", "import\n,,,\n\"",
        "escalate after 2 days", "ladder 50% 10% 0", "show", "reset", "", "admins <@U1>",
        "policy digest-day tuesday", "policy digest-day Tue", "policy digest-day someday", "policy digest-day",
        "policy digest-time 14:30", "policy digest-time 25:61", "policy digest-time 9am", "policy digest-time -1:00",
        "policy digest-time " + new string('9', 200),
    ];

    // Dues within a sane horizon only. Dues far in the future (year 9999, say) are issue 9.2, fixed by another change:
    // kept out of this generator so that this test is about the inbound edge, not the ladder's horizon.
    private static readonly string[] Dues =
    [
        "by Friday", "by Friday 3pm", "by EOD", "by tomorrow", "in 3 hours", "in 2 days", "by next Tuesday", "by 12/15",
        "by Dec 1", "by 2027-03-01", "by 3pm ET", "by noon", "by end of week", "by EOM", "by Monday 9am PT", "next week",
        "by 31/02", "by 13/45", "by yesterday", "by 0:00", "by 24:00", "in 0 minutes", "in -3 days", "by 2026-02-29",
        "by Feb 30", "in 99999999999 hours", "by 2028-12-31T23:59:59Z", "by the 5th", "by Q1", "",
    ];

    private static readonly string[] Vocabulary =
    [
        "send", "the", "quote", "for", "Acme", "Globex,", "call", "back", "Umbrella", "deck", "P-1", "P-2", "P-0", "P-999999999999",
        "P-", "p-3", "to", "because", "finance", "has", "not", "approved", "&amp;", "&lt;b&gt;", "<@U2>", "<#C1|general>",
        "<!here>", "<https://example.com|link>", "*bold*", "`code`", "\"quoted\"", "—", "🙂", "Ω", "\u200b", "\t", "\\",
    ];

    private static readonly int[] OddLengths = [129, 201, 300, 2049, 5000];

    private readonly Random random = new(seed);

    public int Next(int max) => random.Next(max);

    public int Next(int min, int max) => random.Next(min, max);

    public bool Chance(double p) => random.NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>A string of an awkward kind: empty, blank, long, control characters, surrogates, markup.</summary>
    public string OddString()
    {
        return random.Next(12) switch
        {
            0 => "",
            1 => "   ",
            2 => new string('x', Pick(OddLengths)),
            3 => "\0\u0001\u001f\u007f",
            4 => "\ud83d",
            5 => "🙂🙂🙂" + new string('é', 40),
            6 => "<script>alert(1)</script>",
            7 => "' OR 1=1 --",
            8 => "%00%ZZ%",
            9 => "P-" + random.Next(-5, int.MaxValue).ToString(CultureInfo.InvariantCulture),
            10 => RandomText(random.Next(1, 40)),
            _ => "null",
        };
    }

    public string RandomText(int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append(random.Next(6) switch
            {
                0 => (char)random.Next(0x20, 0x7f),
                1 => (char)random.Next(0xa0, 0x2fff),
                2 => ' ',
                3 => (char)random.Next(0, 0x20),
                _ => (char)random.Next('a', 'z' + 1),
            });
        }

        return text.ToString();
    }

    /// <summary>A command text: mostly shaped like real commands, sometimes junk around them.</summary>
    public string CommandText()
    {
        var verb = Pick(Verbs);
        var text = verb switch
        {
            "settings" => "settings " + Pick(Settings),
            "admin" => "admin " + Pick(Admin),
            "done" or "kept" or "undo" or "told" or "show" or "history" or "edit" => verb + " P-" + random.Next(0, 12).ToString(CultureInfo.InvariantCulture),
            "move" => "move P-" + random.Next(0, 12).ToString(CultureInfo.InvariantCulture) + " to " + Pick(Dues).Replace("by ", "", StringComparison.Ordinal) + " " + Words(3),
            "risk" or "missed" => verb + " P-" + random.Next(0, 12).ToString(CultureInfo.InvariantCulture) + " " + Words(5),
            "record" => "record " + Pick(["", "<@U2>", "this month", "last quarter", "<@U2> 2026", "1999", "next year"]),
            "" => Words(6) + " for " + Pick(["Acme", "Globex,", "the 12/15 event", "", "\u200b"]) + " " + Pick(Dues),
            _ => verb + " " + Words(random.Next(0, 4)),
        };

        return random.Next(10) switch
        {
            0 => text + " " + OddString(),
            1 => OddString() + " " + text,
            2 => RandomText(random.Next(0, 200)),
            _ => text,
        };
    }

    public string Words(int count)
    {
        var words = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            words.Add(Pick(Vocabulary));
        }

        return string.Join(' ', words);
    }

    /// <summary>Replaces a few nodes of <paramref name="document"/> (in place) with something else; returns it.</summary>
    public JsonNode? Mutate(JsonNode? document, int mutations)
    {
        for (var i = 0; i < mutations; i++)
        {
            if (document is null || random.Next(20) == 0)
            {
                return RandomNode(2);
            }

            var nodes = new List<(JsonNode Parent, object Key)>();
            Collect(document, nodes);
            if (nodes.Count == 0)
            {
                continue;
            }

            var (parent, key) = Pick(nodes);
            var replacement = RandomNode(2);
            if (parent is JsonObject obj)
            {
                if (random.Next(5) == 0)
                {
                    obj.Remove((string)key);
                }
                else
                {
                    obj[(string)key] = replacement;
                }
            }
            else if (parent is JsonArray array)
            {
                array[(int)key] = replacement;
            }
        }

        return document;
    }

    public JsonNode? RandomNode(int depth) => random.Next(depth > 0 ? 9 : 6) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(-2, 100000)),
        2 => JsonValue.Create(random.Next(2) == 0),
        3 => JsonValue.Create(OddString()),
        4 => JsonValue.Create(random.NextDouble() * 1e300),
        5 => JsonValue.Create(Words(2)),
        6 => new JsonArray(RandomNode(depth - 1), RandomNode(depth - 1)),
        7 => new JsonObject { ["type"] = RandomNode(depth - 1), ["id"] = RandomNode(depth - 1), ["value"] = RandomNode(depth - 1) },
        _ => new JsonArray(),
    };

    private static void Collect(JsonNode node, List<(JsonNode Parent, object Key)> into)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    into.Add((obj, key));
                    if (child is not null)
                    {
                        Collect(child, into);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    into.Add((array, i));
                    if (array[i] is { } child)
                    {
                        Collect(child, into);
                    }
                }

                break;
        }
    }
}
