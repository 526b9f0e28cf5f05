namespace GraphSimulator.Notifications;

/// <summary>How the control API makes delivery misbehave, like Graph sometimes does.</summary>
public enum DeliveryMode
{
    Normal,
    Drop,
    Duplicate,
    Reorder,
    Delay,
}

/// <summary>Applies to the next <c>Count</c> new change notifications (of one subscription, or all); -1 until cleared. Lifecycle notifications are not affected.</summary>
public sealed record DeliveryBehaviour(DeliveryMode Mode, int Count, TimeSpan Delay, string? SubscriptionId)
{
    public static readonly DeliveryBehaviour Normal = new(DeliveryMode.Normal, -1, TimeSpan.Zero, null);
}
