namespace Marketplace.ContentPolicy;

/// <summary>Reason codes a seller gives when starting a conversation (Amazon's set, MercadoLibre's set, critical reasons).</summary>
public static class SellerMessageReasons
{
    public const string ConfirmOrderDetails = "CONFIRM_ORDER_DETAILS";
    public const string ConfirmDelivery = "CONFIRM_DELIVERY";
    public const string ConfirmCustomization = "CONFIRM_CUSTOMIZATION";
    public const string ConfirmServiceDetails = "CONFIRM_SERVICE_DETAILS";
    public const string UnexpectedProblem = "UNEXPECTED_PROBLEM";
    public const string Warranty = "WARRANTY";
    public const string LegalDisclosure = "LEGAL_DISCLOSURE";
    public const string DigitalAccessKey = "DIGITAL_ACCESS_KEY";
    public const string Invoice = "INVOICE";

    /// <summary>Amazon's "Additional information required": critical, reaches buyers who opted out.</summary>
    public const string AdditionalInformationRequired = "ADDITIONAL_INFORMATION_REQUIRED";

    /// <summary>Scheduling a delivery appointment: critical.</summary>
    public const string DeliveryScheduling = "DELIVERY_SCHEDULING";

    /// <summary>The shipping address is wrong or undeliverable: critical.</summary>
    public const string AddressProblem = "ADDRESS_PROBLEM";

    // MercadoLibre's post-sale reasons a seller picks before the first message.
    public const string RequestVariants = "REQUEST_VARIANTS";
    public const string RequestBillingInfo = "REQUEST_BILLING_INFO";
    public const string SendInvoiceLink = "SEND_INVOICE_LINK";
    public const string DeliveryPromise = "DELIVERY_PROMISE";
    public const string Other = "OTHER";
}
