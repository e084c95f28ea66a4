using System.Reflection;
using Dapper;

namespace CommitmentBot.Storage.Rows;

/// <summary>
/// Tells Dapper that column <c>due_at</c> fills property <c>DueAt</c> — for our row classes only, rather
/// than flipping Dapper's process-wide <c>MatchNamesWithUnderscores</c> under other code in the host.
/// </summary>
internal static class RowTypeMaps
{
    private static readonly Lazy<bool> Registered = new(RegisterAll);

    public static void Register() => _ = Registered.Value;

    private static bool RegisterAll()
    {
        Type[] rows =
        [
            typeof(CommitmentRow), typeof(CommitmentEventRow), typeof(NotificationRow), typeof(PersonRow), typeof(DigestRecipientRow),
            typeof(WorkspaceRow), typeof(InstallationRow), typeof(ConversationReferenceRow), typeof(DeliveryRow),
            typeof(PendingNotificationRow), typeof(OutboxNotificationRow), typeof(CreatedDeliveryRow), typeof(RecordCodeRow),
            typeof(LatenessRow),
        ];
        foreach (var type in rows)
        {
            var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
            SqlMapper.SetTypeMap(
                type,
                new CustomPropertyTypeMap(type, (_, column) =>
                    properties.GetValueOrDefault(column.Replace("_", "", StringComparison.Ordinal))!));
        }

        return true;
    }
}
