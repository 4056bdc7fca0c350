using Marketplace.Domain.Templates;

namespace Marketplace.Functions.Templates;

/// <summary>
/// A template as the API shows it. <see cref="Owner"/> is "marketplace" (written by the marketplace, read by its sellers)
/// or "seller" (the seller's own). <see cref="Variables"/> are what a sender supplies; order placeholders
/// ({orderId}, {trackingNumber}, {carrier}, {deliveryDate}, {itemTitle}, {buyerName}, {returnLabelUrl}) are filled by the server.
/// </summary>
public sealed record TemplateView(
    string Id, string Owner, int Version, string Name, string? Reason, string Language, string Body,
    IReadOnlyList<TemplateVariableView> Variables, IReadOnlyDictionary<string, string> Translations, DateTimeOffset UpdatedAt)
{
    public static TemplateView From(MessageTemplate t) => new(
        t.Id, t.IsMarketplaceTemplate ? "marketplace" : "seller", t.Version, t.Name, t.Reason, t.Language, t.Body,
        [.. t.Variables.Select(v => new TemplateVariableView(v.Name, v.Type.ToString().ToLowerInvariant()))], t.Translations, t.UpdatedAt);
}

/// <summary>A free variable: its placeholder name and type: "text", "number" or "date" (yyyy-MM-dd).</summary>
public sealed record TemplateVariableView(string Name, string Type);

/// <summary>
/// Create or edit a template. <see cref="Body"/> uses {name} placeholders ({{ and }} for literal braces);
/// <see cref="Translations"/> (marketplace templates only) maps a language to a reviewed translation using the same placeholders.
/// </summary>
public sealed record TemplateRequest(
    string? Name, string? Reason, string? Language, string? Body, IReadOnlyList<TemplateVariableView>? Variables,
    IReadOnlyDictionary<string, string>? Translations);

/// <summary>Templates a caller may use, by name.</summary>
public sealed record TemplatePage(IReadOnlyList<TemplateView> Items, string? NextCursor);
