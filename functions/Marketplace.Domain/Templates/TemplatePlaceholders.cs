namespace Marketplace.Domain.Templates;

/// <summary>
/// The placeholders a template body may use. Order placeholders are filled by the server from the order, never by the
/// sender (a seller cannot forge the order id or tracking number); free variables are declared by the template with a
/// type and supplied when sending.
/// </summary>
public static class TemplatePlaceholders
{
    public const string OrderId = "orderId";
    public const string TrackingNumber = "trackingNumber";
    public const string Carrier = "carrier";
    public const string DeliveryDate = "deliveryDate";
    public const string ItemTitle = "itemTitle";
    public const string BuyerName = "buyerName";
    public const string ReturnLabelUrl = "returnLabelUrl";

    /// <summary>Filled from the order; a template may not declare them as variables and a sender may not supply them.</summary>
    public static IReadOnlySet<string> FromOrder { get; } =
        new HashSet<string>(StringComparer.Ordinal) { OrderId, TrackingNumber, Carrier, DeliveryDate, ItemTitle, BuyerName, ReturnLabelUrl };

    /// <summary>
    /// What {returnLabelUrl} becomes: the API path the claim's label is downloaded from (GET /api/claims/{id}/return-label),
    /// relative on purpose. The label is served only to a bearer token (the buyer's app calls the API with the buyer's), so
    /// an absolute link to our host would open on a 401 in a browser; the marketplace's app resolves the path against the API
    /// base it already uses (its own gateway in front of us, a host we cannot know) as it does for attachment downloads. And a
    /// path without a host cannot lead off the platform: the content policy, which refuses sellers' links, has nothing to
    /// exempt, so no seller-typed link ever gets through on its coat-tails. Sellers cannot write such a path themselves
    /// (<see cref="LooksLikeAppLink"/>): only the server fills it.
    /// </summary>
    public static string ReturnLabelPath(string claimId) => $"/api/claims/{claimId}/return-label";

    /// <summary>
    /// Whether <paramref name="text"/> (a free variable's value, or a template body outside its placeholders) carries an
    /// API path or a return-label link of its own: an imitation of what only {returnLabelUrl} may put in a message.
    /// </summary>
    public static bool LooksLikeAppLink(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains("/api/", StringComparison.OrdinalIgnoreCase) || text.Contains("return-label", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Why such a value or body is refused, as a sentence.</summary>
    public const string AppLinkRule = "May not carry API paths or return-label links: write {returnLabelUrl} and the server fills in the claim's label link.";

    /// <summary>The longest value a free variable may take (a name, a date, a short phrase; not a second message).</summary>
    public const int MaxValueLength = 200;

    public const int MaxVariables = 20;

    public const string NameRule = "a letter then letters or digits, at most 32 characters";

    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= 32 } && char.IsAsciiLetter(name[0]) && name.All(char.IsAsciiLetterOrDigit);
}

/// <summary>The type of a free variable: what a sender's value must look like.</summary>
public enum TemplateVariableType
{
    /// <summary>Plain text on one line (no line breaks or control characters).</summary>
    Text,

    /// <summary>A number (invariant culture, e.g. 3 or 12.50).</summary>
    Number,

    /// <summary>A calendar date, ISO 8601 (2026-12-24).</summary>
    Date,
}

/// <summary>A free variable a template declares: its placeholder name and type.</summary>
public sealed record TemplateVariable(string Name, TemplateVariableType Type);
