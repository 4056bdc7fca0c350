using System.Globalization;
using System.Text.Json;

namespace Marketplace.Domain.Events;

/// <summary>
/// Finds every string and property name in a JSON document that is not Unicode text: an unpaired surrogate escape
/// (<c>"\ud800"</c>) or bytes that are not UTF-8. Both are well-formed JSON to the parser, but reading them as .NET
/// strings throws, so a body is checked once, whole, before any field of it is read or copied.
/// </summary>
public static class InvalidTextFinder
{
    public const string StringMessage =
        "Is not valid Unicode text: it has an unpaired surrogate escape (such as \\ud800) or bytes that are not UTF-8.";

    /// <summary>Records each bad string under its JSON path (<c>data.items[0].title</c>); a bad property name under its object's path (<c>$</c> for the root).</summary>
    public static void Collect(JsonElement root, IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        Visit(root, "", errors);
    }

    /// <summary>A path in the shape the event parser reports: <c>name</c>, <c>parent.name</c>, <c>parent[2]</c>.</summary>
    public static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static void Visit(JsonElement element, string path, IDictionary<string, string[]> errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String when !IsText(element):
                errors[path.Length == 0 ? "$" : path] = [StringMessage];
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Visit(item, $"{(path.Length == 0 ? "$" : path)}[{index++}]", errors);
                }

                break;
            case JsonValueKind.Object:
                var position = 0;
                foreach (var property in element.EnumerateObject())
                {
                    position++;
                    if (!TryGetName(property, out var name))
                    {
                        errors[path.Length == 0 ? "$" : path] =
                            [string.Create(CultureInfo.InvariantCulture, $"Property {position} has a name that is not valid Unicode text: an unpaired surrogate escape (such as \\ud800) or bytes that are not UTF-8.")];
                        continue;
                    }

                    Visit(property.Value, Child(path, name), errors);
                }

                break;
        }
    }

    // System.Text.Json reports both faults only when the text is decoded; there is no non-throwing check.
    private static bool IsText(JsonElement value)
    {
        try
        {
            _ = value.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool TryGetName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = "";
            return false;
        }
    }
}
