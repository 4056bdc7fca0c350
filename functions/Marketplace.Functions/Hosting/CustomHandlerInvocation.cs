using System.Globalization;
using System.Text.Json;

namespace Marketplace.Functions.Hosting;

/// <summary>
/// Reads the payload the Functions host posts to a custom handler for a queue trigger:
/// <c>{"Data":{"&lt;binding&gt;":"&lt;message text&gt;"},"Metadata":{"DequeueCount":…,"Id":"…","InsertionTime":"…",…,"sys":{…}}}</c>.
/// The host sends the message text as a JSON string; a JSON object or array is accepted too (as its raw text),
/// and DequeueCount may be a number or a string.
/// </summary>
public static class CustomHandlerInvocation
{
    public static bool TryParse(JsonElement payload, string bindingName, out QueueInvocation? invocation, out string? error)
    {
        invocation = null;
        error = null;
        if (payload.ValueKind != JsonValueKind.Object
            || !TryGetProperty(payload, "Data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            error = "The payload has no 'Data' object.";
            return false;
        }

        if (!TryGetProperty(data, bindingName, out var item))
        {
            error = $"'Data' has no '{bindingName}' binding.";
            return false;
        }

        var text = item.ValueKind switch
        {
            JsonValueKind.String => item.GetString(),
            JsonValueKind.Object or JsonValueKind.Array => item.GetRawText(),
            _ => null,
        };
        if (text is null)
        {
            error = $"'Data.{bindingName}' is not the message text.";
            return false;
        }

        if (!TryGetProperty(payload, "Metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object)
        {
            error = "The payload has no 'Metadata' object.";
            return false;
        }

        var id = TryGetProperty(metadata, "Id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
        if (string.IsNullOrEmpty(id))
        {
            error = "'Metadata.Id' (the queue message id) is missing.";
            return false;
        }

        if (!TryGetProperty(metadata, "DequeueCount", out var countElement) || !TryReadCount(countElement, out var dequeueCount))
        {
            error = "'Metadata.DequeueCount' is missing or not a positive number.";
            return false;
        }

        DateTimeOffset? inserted = TryGetProperty(metadata, "InsertionTime", out var insertedElement)
            && insertedElement.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(insertedElement.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : null;
        invocation = new QueueInvocation(id, text, dequeueCount, inserted);
        return true;
    }

    private static bool TryReadCount(JsonElement element, out long count)
    {
        count = 0;
        var ok = element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetInt64(out count),
            JsonValueKind.String => long.TryParse(element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out count),
            _ => false,
        };
        return ok && count >= 1;
    }

    // The host's property casing has varied between versions; match names case-insensitively.
    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
