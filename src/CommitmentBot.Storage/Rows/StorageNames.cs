using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Storage.Rows;

/// <summary>Storage names of the small enums that have no name table in Core.</summary>
internal static class StorageNames
{
    public static string ToName(DateOrder order) => order switch
    {
        DateOrder.MDY => "mdy",
        DateOrder.DMY => "dmy",
        _ => throw new ArgumentOutOfRangeException(nameof(order), order, "Unknown date order."),
    };

    public static DateOrder ParseDateOrder(string name) => name switch
    {
        "mdy" => DateOrder.MDY,
        "dmy" => DateOrder.DMY,
        _ => throw new InvalidOperationException($"Unknown stored date order '{name}'."),
    };

    public static string ToName(RecipientKind kind) => kind switch
    {
        RecipientKind.User => "user",
        RecipientKind.Channel => "channel",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown recipient kind."),
    };

    public static RecipientKind ParseRecipientKind(string name) => name switch
    {
        "user" => RecipientKind.User,
        "channel" => RecipientKind.Channel,
        _ => throw new InvalidOperationException($"Unknown stored recipient kind '{name}'."),
    };

    public static string ToName(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Pending => "pending",
        DeliveryStatus.Sending => "sending",
        DeliveryStatus.Sent => "sent",
        DeliveryStatus.Failed => "failed",
        DeliveryStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown delivery status."),
    };

    public static DeliveryStatus ParseDeliveryStatus(string name) => name switch
    {
        "pending" => DeliveryStatus.Pending,
        "sending" => DeliveryStatus.Sending,
        "sent" => DeliveryStatus.Sent,
        "failed" => DeliveryStatus.Failed,
        "cancelled" => DeliveryStatus.Cancelled,
        _ => throw new InvalidOperationException($"Unknown stored delivery status '{name}'."),
    };
}
