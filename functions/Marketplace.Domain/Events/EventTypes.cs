namespace Marketplace.Domain.Events;

/// <summary>The event type names marketplaces post, as they appear in the envelope's "type".</summary>
public static class EventTypes
{
    public const string OrderCreated = "order.created";
    public const string OrderShipped = "order.shipped";
    public const string OrderDelivered = "order.delivered";
    public const string OrderCompleted = "order.completed";
    public const string MessageReceived = "message.received";
    public const string QuestionAsked = "question.asked";
    public const string ClaimOpened = "claim.opened";
    public const string ReturnDelivered = "return.delivered";

    public static readonly IReadOnlyList<string> All =
        [OrderCreated, OrderShipped, OrderDelivered, OrderCompleted, MessageReceived, QuestionAsked, ClaimOpened, ReturnDelivered];
}
