using System.Globalization;

namespace Marketplace.Storage;

/// <summary>
/// The names of every table, container and queue the messaging core uses. An optional prefix (letters
/// and digits) keeps several apps, or tests, apart in one storage account.
/// </summary>
public sealed class StorageNames
{
    /// <summary>The queue of accepted webhook events, as queue triggers name it (before any prefix).</summary>
    public const string MarketplaceEventsQueueName = "marketplace-events";

    /// <summary>The queue of delayed conversation checks, as queue triggers name it (before any prefix).</summary>
    public const string ConversationChecksQueueName = "conversation-checks";

    /// <summary>The queue of event deliveries to marketplaces, as queue triggers name it (before any prefix).</summary>
    public const string EventDeliveriesQueueName = "event-deliveries";

    /// <summary>The queue of message translations to make or retry, as queue triggers name it (before any prefix).</summary>
    public const string MessageTranslationsQueueName = "message-translations";

    /// <summary>Inbound emails accepted for an alias, waiting to be stored as messages (see the email relay).</summary>
    public const string InboundEmailsQueueName = "inbound-emails";

    /// <summary>Conversations whose new messages may owe their recipients an email (see the email relay).</summary>
    public const string EmailNotificationsQueueName = "email-notifications";

    private readonly string _queuePrefix;

    public StorageNames(string? prefix = null)
    {
        var clean = new string((prefix ?? "").ToLower(CultureInfo.InvariantCulture).Where(char.IsAsciiLetterOrDigit).ToArray());
        _queuePrefix = clean.Length > 0 ? clean + "-" : "";
        Conversations = clean + "Conversations";
        Inbox = clean + "Inbox";
        WebhookEvents = clean + "WebhookEvents";
        AdminAudit = clean + "AdminAudit";
        HeldMessages = clean + "HeldMessages";
        PartySettings = clean + "PartySettings";
        ReplyDeadlines = clean + "ReplyDeadlines";
        Claims = clean + "Claims";
        EventDeliveries = clean + "EventDeliveries";
        Refunds = clean + "Refunds";
        MessageTemplates = clean + "MessageTemplates";
        EmailRelay = clean + "EmailRelay";
        AttachmentsContainer = (clean.Length > 0 ? clean + "-" : "") + "attachments";
        ReturnLabelsContainer = (clean.Length > 0 ? clean + "-" : "") + "return-labels";
        InboundEmailContainer = (clean.Length > 0 ? clean + "-" : "") + "inbound-email";
        MarketplaceEventsQueue = Queue(MarketplaceEventsQueueName);
        ConversationChecksQueue = Queue(ConversationChecksQueueName);
        EventDeliveriesQueue = Queue(EventDeliveriesQueueName);
        MessageTranslationsQueue = Queue(MessageTranslationsQueueName);
        InboundEmailsQueue = Queue(InboundEmailsQueueName);
        EmailNotificationsQueue = Queue(EmailNotificationsQueueName);
    }

    public string Conversations { get; }

    public string Inbox { get; }

    public string WebhookEvents { get; }

    public string AdminAudit { get; }

    public string HeldMessages { get; }

    public string PartySettings { get; }

    public string ReplyDeadlines { get; }

    /// <summary>Post-sale claims, their timelines and their indexes (see <c>ClaimStore</c>).</summary>
    public string Claims { get; }

    /// <summary>How far each event stream has been delivered to its marketplace (see <c>EventDeliveryStore</c>).</summary>
    public string EventDeliveries { get; }

    /// <summary>Refunds waiting for finance or paid, and the pending-approval queue (see <c>RefundStore</c>).</summary>
    public string Refunds { get; }

    /// <summary>Message templates, their versions, cached translations and automations (see <c>TemplateStore</c>, <c>AutomationStore</c>).</summary>
    public string MessageTemplates { get; }
    /// <summary>Email aliases both ways and how far each conversation's emails went out (see <c>EmailAliasStore</c>).</summary>
    public string EmailRelay { get; }

    public string AttachmentsContainer { get; }

    /// <summary>Raw inbound emails between their acceptance and their processing.</summary>
    public string InboundEmailContainer { get; }

    /// <summary>Return labels, one blob per claim (see <c>ReturnLabelStore</c>).</summary>
    public string ReturnLabelsContainer { get; }

    public string MarketplaceEventsQueue { get; }

    /// <summary>Delayed checks that repair what follows an API write's commit (see <c>ConversationChecks</c>).</summary>
    public string ConversationChecksQueue { get; }

    /// <summary>Requests to deliver a stream's pending events to its marketplace (see <c>EventDispatcher</c>).</summary>
    public string EventDeliveriesQueue { get; }

    /// <summary>Translations to make after delivery, and their retries (see <c>MessageTranslations</c>).</summary>
    public string MessageTranslationsQueue { get; }

    public string InboundEmailsQueue { get; }

    public string EmailNotificationsQueue { get; }

    /// <summary>The queue a function's trigger names, with this app's prefix.</summary>
    public string Queue(string name) => _queuePrefix + name;
}
