namespace Marketplace.Functions.EmailRelay;

/// <summary>
/// Why an inbound email is refused: an enhanced status code (RFC 3463, e.g. 5.1.1) and a sentence the sender's mail server
/// puts in the bounce. <see cref="Code"/> is stable (the webhook's problem code and the log's).
/// </summary>
internal sealed record MailRefusal(string Code, string EnhancedStatus, string Reason)
{
    public static MailRefusal UnknownAlias() =>
        new("alias_unknown", "5.1.1", "No such relay address. Reply to the latest email about your order to reach the other party.");

    public static MailRefusal NotRelayDomain() => new("not_relay_domain", "5.1.2", "This server only takes mail for its relay addresses.");

    public static MailRefusal Revoked(string reason) => new("alias_revoked", "5.1.1", reason switch
    {
        "conversation_closed" => "This relay address is closed: the conversation has ended. Write through the marketplace's messages instead.",
        "abuse" => "This relay address was closed by the marketplace's trust and safety team.",
        _ => "This relay address is closed. Write through the marketplace's messages instead.",
    });

    public static MailRefusal SenderNotRegistered() => new("sender_not_registered", "5.7.1",
        "Your address is not registered for this conversation. Send from an address registered in your messaging settings.");

    public static MailRefusal AuthenticationFailed(string check) => new("sender_authentication_failed", "5.7.1",
        $"The message failed the sender domain's {check} check, so it may not be from you.");

    public static MailRefusal TooLarge(int maxBytes) => new("message_too_large", "5.3.4", $"The message is larger than {maxBytes} bytes.");

    public static MailRefusal Unreadable() => new("message_unreadable", "5.6.0", "The message could not be read as MIME.");

    public override string ToString() => $"{EnhancedStatus} {Reason}";
}
