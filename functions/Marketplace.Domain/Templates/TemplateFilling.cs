using System.Globalization;
using Marketplace.Domain.Conversations;

namespace Marketplace.Domain.Templates;

/// <summary>
/// Checks a sender's variables against a template's declarations and renders its body with them and the order's values.
/// Errors are keyed by field path (<c>variables.{name}</c>) with a sentence each, for a 400 that names every problem.
/// </summary>
public static class TemplateFilling
{
    /// <param name="declared">The template's free variables.</param>
    /// <param name="supplied">The sender's values (strings, numbers as their JSON text), by name.</param>
    /// <param name="errors">Problems found, keyed <c>variables.{name}</c>.</param>
    /// <returns>The normalised values by name (dates as yyyy-MM-dd, numbers invariant).</returns>
    public static Dictionary<string, string> CheckVariables(
        IReadOnlyList<TemplateVariable> declared, IReadOnlyDictionary<string, TemplateValue> supplied, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(supplied);
        ArgumentNullException.ThrowIfNull(errors);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in supplied)
        {
            if (TemplatePlaceholders.FromOrder.Contains(name))
            {
                errors[$"variables.{name}"] = [$"'{name}' is filled from the order by the server; leave it out."];
            }
            else if (!declared.Any(d => d.Name == name))
            {
                errors[$"variables.{name}"] = [$"The template has no variable '{name}'; it takes: {Names(declared)}."];
            }
        }

        foreach (var variable in declared)
        {
            var key = $"variables.{variable.Name}";
            if (!supplied.TryGetValue(variable.Name, out var value))
            {
                errors[key] = [$"Required ({Describe(variable.Type)})."];
            }
            else if (Normalise(variable.Type, value) is { } normalised)
            {
                if (variable.Type == TemplateVariableType.Text && TemplatePlaceholders.LooksLikeAppLink(normalised))
                {
                    errors[key] = [TemplatePlaceholders.AppLinkRule];
                }
                else
                {
                    values[variable.Name] = normalised;
                }
            }
            else
            {
                errors[key] = [$"Must be {Describe(variable.Type)}."];
            }
        }

        return values;
    }

    /// <summary>What a value of this type must be, as a sentence part.</summary>
    public static string Describe(TemplateVariableType type) => type switch
    {
        TemplateVariableType.Number => "a number such as 3 or 12.50",
        TemplateVariableType.Date => "a date as yyyy-MM-dd",
        _ => $"text on one line, at most {TemplatePlaceholders.MaxValueLength} characters",
    };

    /// <summary>The order's value of an order placeholder; null when the order does not have it (yet).</summary>
    public static string? FromOrder(string name, Conversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return name switch
        {
            TemplatePlaceholders.OrderId => conversation.OrderId,
            TemplatePlaceholders.TrackingNumber => conversation.Shipment?.TrackingNumber,
            TemplatePlaceholders.Carrier => conversation.Shipment?.Carrier,
            TemplatePlaceholders.DeliveryDate => conversation.Shipment?.DeliveredAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            TemplatePlaceholders.ItemTitle => conversation.Items.Count > 0 ? conversation.Items[0].Title : null,
            TemplatePlaceholders.BuyerName => conversation.BuyerName,
            _ => null,
        };
    }

    private static string? Normalise(TemplateVariableType type, TemplateValue value) => type switch
    {
        TemplateVariableType.Number when value.IsNumber || decimal.TryParse(value.Text, NumberStyles.Number & ~NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out _)
            => decimal.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number.ToString(CultureInfo.InvariantCulture) : null,
        TemplateVariableType.Date when !value.IsNumber && DateOnly.TryParseExact(value.Text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TemplateVariableType.Text when !value.IsNumber && value.Text.Trim() is { Length: > 0 and <= TemplatePlaceholders.MaxValueLength } text
            && !MessageText.HasControlCharacters(text) && !text.Contains('\n', StringComparison.Ordinal) && !text.Contains('\r', StringComparison.Ordinal)
            => text,
        _ => null,
    };

    private static string Names(IReadOnlyList<TemplateVariable> declared) =>
        declared.Count == 0 ? "none" : string.Join(", ", declared.Select(d => d.Name));
}

/// <summary>A sender's value for a variable: its text, and whether JSON gave it as a number (a number is not text or a date).</summary>
public readonly record struct TemplateValue(string Text, bool IsNumber);
