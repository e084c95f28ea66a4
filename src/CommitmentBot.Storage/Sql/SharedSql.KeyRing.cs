namespace CommitmentBot.Storage.Sql;

/// <summary>The Data Protection key ring's statements, the same on every engine.</summary>
internal static partial class SharedSql
{
    /// <summary>
    /// Adds a key unless one of that name is stored. The key manager names each key after its own new GUID, so two
    /// replicas never write the same name; the guard only makes a repeated write harmless.
    /// </summary>
    public const string InsertDataProtectionKey =
        "INSERT INTO data_protection_keys (friendly_name, xml, created_at) SELECT @FriendlyName, @Xml, @CreatedAt "
        + "WHERE NOT EXISTS (SELECT 1 FROM data_protection_keys WHERE friendly_name = @FriendlyName)";

    public const string ListDataProtectionKeys = "SELECT xml FROM data_protection_keys ORDER BY created_at, friendly_name";
}
