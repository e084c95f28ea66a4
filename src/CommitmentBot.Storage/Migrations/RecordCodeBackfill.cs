namespace CommitmentBot.Storage.Migrations;

/// <summary>
/// Migration 0011's backfill of <c>record_code</c> from a promise's columns, as the engine's script spells it: the
/// storage suite holds it to Core's <c>RecordCode</c>, and the benchmarks re-run it on rows they shape in SQL.
/// </summary>
internal static class RecordCodeBackfill
{
    /// <summary>The script's UPDATE statement, limited to rows matching <paramref name="where"/> (SQL, may be empty).</summary>
    public static string Statement(StorageProvider provider, string where = "")
    {
        var name = MigrationRunner.ScriptNames(provider).Single(n => n.EndsWith("0011_record_code.sql", StringComparison.Ordinal));
        using var stream = typeof(RecordCodeBackfill).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException("Missing embedded script " + name);
        using var reader = new StreamReader(stream);
        var script = reader.ReadToEnd();
        var start = script.IndexOf("UPDATE ", StringComparison.Ordinal);
        var end = script.IndexOf(';', start);
        var update = script[start..end];
        return where.Length == 0 ? update : update + " WHERE " + where;
    }
}
