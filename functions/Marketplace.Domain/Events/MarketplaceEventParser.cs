using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Marketplace.Domain.Conversations;

namespace Marketplace.Domain.Events;

/// <summary>
/// Parses and validates an event envelope <c>{"id","type","occurredAt","data"}</c>, collecting every bad
/// field (by JSON path) rather than stopping at the first, so a marketplace can fix a payload in one go. Text that is
/// not Unicode anywhere in the body is reported first, alone: no field can be read until it is gone.
/// </summary>
public static class MarketplaceEventParser
{
    public const int MaxTextLength = 20_000;
    public const int MaxItems = 200;
    public const int MaxAttachments = 20;

    /// <summary>The longest buyer name order.created may carry (after trimming).</summary>
    public const int MaxBuyerNameLength = 100;

    /// <summary>Parses and validates a body as posted.</summary>
    public static EventParseResult Parse(string marketplace, ReadOnlyMemory<byte> json)
    {
        if (!TryReadDocument(json, out var document, out var notJson))
        {
            return notJson;
        }

        using (document)
        {
            return Parse(marketplace, document.RootElement);
        }
    }

    /// <summary>
    /// Reads the body as JSON once, for a caller that validates it with <see cref="Parse(string, JsonElement)"/> and keeps
    /// the document (the webhook intake queues the envelope as posted); otherwise the result that says it is not JSON.
    /// </summary>
    public static bool TryReadDocument(
        ReadOnlyMemory<byte> json, [NotNullWhen(true)] out JsonDocument? document, [NotNullWhen(false)] out EventParseResult? notJson)
    {
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            notJson = null;
            return true;
        }
        catch (JsonException ex)
        {
            document = null;
            notJson = Invalid(new() { ["$"] = [$"The body is not valid JSON: {ex.Message}"] });
            return false;
        }
    }

    /// <summary>Validates an envelope already read as JSON (the intake's document, or the queued copy of it).</summary>
    public static EventParseResult Parse(string marketplace, JsonElement envelope)
    {
        var invalidText = new Dictionary<string, string[]>(StringComparer.Ordinal);
        InvalidTextFinder.Collect(envelope, invalidText);
        if (invalidText.Count > 0)
        {
            return Invalid(invalidText);
        }

        var reader = new FieldReader(envelope);
        var id = reader.Id("id");
        var type = reader.String("type", 64);
        var occurredAt = reader.Timestamp("occurredAt");
        var data = reader.Object("data");
        if (type is not null && !EventTypes.All.Contains(type))
        {
            return new EventParseResult(null, reader.Errors, type);
        }

        if (data is null || type is null)
        {
            return Invalid(reader.Errors);
        }

        // Validate the data even when the envelope has errors, so every bad field is reported at once.
        var d = reader.Nested(data.Value, "data");
        MarketplaceEvent? parsed = type switch
        {
            EventTypes.OrderCreated => new OrderCreated(
                marketplace, id ?? "", occurredAt ?? default, d.Id("orderId")!, d.Id("buyerId")!, d.Id("sellerId")!,
                d.Array("items", MaxItems, required: true, ReadItem), d.Language("buyerLanguage")!, d.Timestamp("placedAt") ?? default)
                {
                    Total = d.Total("total"),
                    BuyerName = d.OptionalLine("buyerName", MaxBuyerNameLength),
                },
            EventTypes.OrderShipped or EventTypes.OrderDelivered or EventTypes.OrderCompleted => new OrderStatusChanged(
                marketplace, id ?? "", occurredAt ?? default, d.Id("orderId")!, StatusOf(type), d.OptionalString("trackingNumber", 64))
                {
                    Carrier = d.OptionalString("carrier", 64),
                },
            EventTypes.MessageReceived => new MessageReceived(
                marketplace, id ?? "", occurredAt ?? default, d.Id("orderId")!, d.Id("messageId")!, d.Role("authorRole"),
                d.Id("authorId")!, d.MessageText("text")!, d.Timestamp("sentAt") ?? default,
                d.Array("attachments", MaxAttachments, required: false, ReadAttachment)),
            EventTypes.ClaimOpened => new ClaimOpened(
                marketplace, id ?? "", occurredAt ?? default, d.Id("claimId")!, d.Id("orderId")!, d.Id("buyerId")!,
                d.Name<Claims.ClaimReason>("reason"), d.Name<Claims.DesiredResolution>("desiredResolution"),
                d.OptionalMessageText("description"), d.Timestamp("openedAt") ?? default)
            {
                Total = d.Total("total"),
            },
            EventTypes.ReturnDelivered => new ReturnDelivered(
                marketplace, id ?? "", occurredAt ?? default, d.Id("claimId")!, d.OptionalString("trackingNumber", 64), d.Timestamp("deliveredAt") ?? default),
            _ => new QuestionAsked(
                marketplace, id ?? "", occurredAt ?? default, d.Id("questionId")!, d.Id("listingId")!, d.Id("buyerId")!,
                d.Id("sellerId")!, d.MessageText("text")!, d.Language("buyerLanguage")!, d.Timestamp("askedAt") ?? default),
        };

        return reader.HasErrors ? Invalid(reader.Errors) : new EventParseResult(parsed, reader.Errors, null) { Type = type };
    }

    private static OrderStatus StatusOf(string type) => type switch
    {
        EventTypes.OrderShipped => OrderStatus.Shipped,
        EventTypes.OrderDelivered => OrderStatus.Delivered,
        _ => OrderStatus.Completed,
    };

    private static OrderItem ReadItem(FieldReader item) =>
        new(item.String("sku", 64) ?? "", item.String("title", 500) ?? "", item.Int("quantity", 1, 10_000));

    private static AttachmentReference ReadAttachment(FieldReader attachment) =>
        new(attachment.String("fileName", 255) ?? "", attachment.String("contentType", 127) ?? "",
            attachment.Long("sizeBytes", 0, long.MaxValue), attachment.HttpsUrl("url") ?? new Uri("https://invalid"));

    private static EventParseResult Invalid(Dictionary<string, string[]> errors) => new(null, errors, null);

    /// <summary>Reads typed fields from one JSON object, recording an error per bad field.</summary>
    private sealed class FieldReader(JsonElement element, string path = "", Dictionary<string, string[]>? errors = null)
    {
        public Dictionary<string, string[]> Errors { get; } = errors ?? new(StringComparer.Ordinal);

        public bool HasErrors => Errors.Count > 0;

        public FieldReader Nested(JsonElement child, string name) => new(child, Path(name), Errors);

        public string? Id(string name)
        {
            var value = String(name, Identifiers.MaxLength);
            if (value is not null && !Identifiers.IsValid(value))
            {
                return Fail<string>(name, $"Must be {Identifiers.Rule}.");
            }

            return value;
        }

        public string? String(string name, int maxLength)
        {
            if (!TryGet(name, out var value))
            {
                return Fail<string>(name, "Is required.");
            }

            if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            {
                return Fail<string>(name, "Must be a non-empty string.");
            }

            var text = value.GetString()!;
            return text.Length > maxLength ? Fail<string>(name, $"Must be at most {maxLength} characters.") : text;
        }

        public string? MessageText(string name)
        {
            var text = String(name, MaxTextLength);
            return text is not null && Conversations.MessageText.HasControlCharacters(text)
                ? Fail<string>(name, Conversations.MessageText.ControlCharacterRule)
                : text;
        }

        public string? OptionalString(string name, int maxLength) =>
            TryGet(name, out var value) && value.ValueKind != JsonValueKind.Null ? String(name, maxLength) : null;

        /// <summary>
        /// Optional text on one line (a person's name): absent or null is null; present, trimmed, 1 to
        /// <paramref name="maxLength"/> characters, no control characters or line breaks.
        /// </summary>
        public string? OptionalLine(string name, int maxLength)
        {
            if (!TryGet(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            var text = value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : "";
            return text.Length is 0 || text.Length > maxLength || text.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029')
                ? Fail<string>(name, $"When present, must be text on one line: 1 to {maxLength} characters without control characters or line breaks.")
                : text;
        }

        public string? Language(string name)
        {
            var value = String(name, 35);
            if (value is null)
            {
                return null;
            }

            try
            {
                return CultureInfo.GetCultureInfo(value, predefinedOnly: true).Name is { Length: > 0 } ? value : Fail<string>(name, "Must be a BCP 47 language tag such as 'en' or 'pt-BR'.");
            }
            catch (CultureNotFoundException)
            {
                return Fail<string>(name, "Must be a BCP 47 language tag such as 'en' or 'pt-BR'.");
            }
        }

        public DateTimeOffset? Timestamp(string name)
        {
            if (!TryGet(name, out var value))
            {
                return Fail<DateTimeOffset?>(name, "Is required.");
            }

            return value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var parsed)
                ? parsed
                : Fail<DateTimeOffset?>(name, "Must be an ISO 8601 timestamp with an offset, such as '2026-11-23T10:00:00Z'.");
        }

        public int Int(string name, int min, int max) => (int)Long(name, min, max);

        public long Long(string name, long min, long max)
        {
            if (TryGet(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
                && number >= min && number <= max)
            {
                return number;
            }

            Fail<object>(name, $"Must be a whole number from {min} to {max}.");
            return min;
        }

        public PartyRole Role(string name)
        {
            var value = String(name, 16);
            if (PartyRoles.TryParse(value, out var role))
            {
                return role;
            }

            if (value is not null)
            {
                Fail<object>(name, "Must be 'buyer' or 'seller'.");
            }

            return default;
        }

        public Uri? HttpsUrl(string name)
        {
            var value = String(name, 2048);
            return value is not null && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
                ? uri
                : value is null ? null : Fail<Uri>(name, "Must be an absolute https URL.");
        }

        /// <summary>An optional {"amount": 80.00, "currency": "EUR"}: more than 0 with at most 2 decimals, a 3-letter code.</summary>
        public OrderTotal? Total(string name)
        {
            if (!TryGet(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            var total = Nested(value, name);
            var amount = total.TryGet("amount", out var a) && a.ValueKind == JsonValueKind.Number && a.TryGetDecimal(out var parsed)
                && parsed > 0 && parsed <= 10_000_000 && decimal.Round(parsed, 2) == parsed
                ? parsed
                : Fail<decimal?>($"{name}.amount", "Must be a number more than 0 (at most 10000000) with at most 2 decimals.");
            var currency = total.String("currency", 3);
            if (currency is not null && (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)))
            {
                currency = Fail<string>($"{name}.currency", "Must be an ISO 4217 code: three capital letters, such as 'EUR'.");
            }

            return amount is { } ok && currency is not null ? new OrderTotal(ok, currency) : null;
        }

        /// <summary>A claims enum by its snake_case wire name ("not_received").</summary>
        public T Name<T>(string name)
            where T : struct, Enum
        {
            var value = String(name, 64);
            if (Claims.ClaimNames.TryParse<T>(value, out var parsed))
            {
                return parsed;
            }

            if (value is not null)
            {
                Fail<object>(name, $"Must be one of: {string.Join(", ", Claims.ClaimNames.All<T>())}.");
            }

            return default;
        }

        /// <summary>Optional message text: absent or null is null; present, the rules of <see cref="MessageText"/>.</summary>
        public string? OptionalMessageText(string name) =>
            TryGet(name, out var value) && value.ValueKind != JsonValueKind.Null ? MessageText(name) : null;

        public JsonElement? Object(string name)
        {
            if (!TryGet(name, out var value) || value.ValueKind != JsonValueKind.Object)
            {
                return Fail<JsonElement?>(name, "Must be a JSON object.");
            }

            return value;
        }

        public IReadOnlyList<T> Array<T>(string name, int maxCount, bool required, Func<FieldReader, T> read)
        {
            if (!TryGet(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return required ? Fail<T[]>(name, "Is required.") ?? [] : [];
            }

            if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > maxCount || (required && value.GetArrayLength() == 0))
            {
                return Fail<T[]>(name, $"Must be an array of 1 to {maxCount} objects.") ?? [];
            }

            var items = new List<T>();
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                var itemPath = $"{Path(name)}[{index++}]";
                if (item.ValueKind != JsonValueKind.Object)
                {
                    Errors[itemPath] = ["Must be a JSON object."];
                    continue;
                }

                items.Add(read(new FieldReader(item, itemPath, Errors)));
            }

            return items;
        }

        private bool TryGet(string name, out JsonElement value)
        {
            value = default;
            return element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out value);
        }

        private T? Fail<T>(string name, string message)
        {
            Errors[Path(name)] = [message];
            return default;
        }

        private string Path(string name) => InvalidTextFinder.Child(path, name);
    }
}
