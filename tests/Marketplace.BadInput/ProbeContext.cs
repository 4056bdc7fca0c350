namespace Marketplace.BadInput;

/// <summary>What the probe families need to know about the app under test and the data seeded before the run.</summary>
public sealed class ProbeContext
{
    /// <summary>The webhook secrets the app was started with, by marketplace.</summary>
    public required IReadOnlyDictionary<string, string> WebhookSecrets { get; init; }

    /// <summary>The marketplace of the seeded order (one with a webhook secret).</summary>
    public required string Marketplace { get; init; }

    public required string OrderId { get; init; }

    public required string ConversationId { get; init; }

    public required string BuyerId { get; init; }

    public required string SellerId { get; init; }

    /// <summary>An attachment the buyer uploaded (not yet sent), so downloads have a real id to vary.</summary>
    public required string AttachmentId { get; init; }

    /// <summary>The id of the webhook event accepted while seeding. Webhook bodies reuse it, so one the app wrongly
    /// accepts is at worst a duplicate, and only a real defect (a second acceptance) writes anything.</summary>
    public required string SeedEventId { get; init; }

    /// <summary>The seeded webhook exactly as accepted (body bytes), to replay.</summary>
    public required byte[] SeedEventBody { get; init; }

    public required TokenMint Tokens { get; init; }

    /// <summary>The durable management API's system key.</summary>
    public required string SystemKey { get; init; }

    /// <summary>The queue functions' names: the custom-handler routes (POST /{name}) that path tricks try to reach.</summary>
    public required IReadOnlyList<string> QueueFunctions { get; init; }

    public string Secret => WebhookSecrets[Marketplace];

    public string BuyerToken => Tokens.Valid("buyer", BuyerId, Marketplace);

    public string SellerToken => Tokens.Valid("seller", SellerId, Marketplace);

    public string AdminToken => Tokens.Valid("admin", "admin-1", null);
}
