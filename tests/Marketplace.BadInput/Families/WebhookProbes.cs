using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Domain.Webhooks;

namespace Marketplace.BadInput.Families;

/// <summary>
/// POST /api/webhooks/{marketplace}, signed as the README says, with bodies that are not JSON, have wrong types,
/// miss fields, carry bad Unicode (lone surrogates, bytes that are not UTF-8, NUL), are huge or deeply nested; and
/// signatures that are missing, malformed, stale, from the future, replayed over another body, or made with the
/// wrong secret; unknown and case-varied marketplaces; unknown event types. Every body carries the seeded event's id,
/// so a body the app wrongly takes for valid is a duplicate and writes nothing: only a real defect writes.
/// </summary>
public static class WebhookProbes
{
    public const string Family = "webhook";

    public static IEnumerable<Probe> Generate(ProbeContext context, Random random)
    {
        var templates = Templates(context);
        var valid = JsonSplice.Serialize(templates[0]);
        var paths = templates.SelectMany(t => JsonSplice.Paths(t).Select(p => (Template: t, Path: p))).ToList();
        var strings = paths.Where(p => JsonSplice.IsString(p.Template, p.Path)).ToList();
        return ProbeStreams.Interleave(
        [
            BadValues.BadJson.Concat(BadValues.NoRequiredMembers).Select(json => Signed(context, "bad-json", Encoding.UTF8.GetBytes(json))),
            from wrong in BadValues.WrongTypes
            from p in paths
            select Signed(context, "wrong-type", JsonSplice.Replace(p.Template, p.Path, Encoding.UTF8.GetBytes(wrong))),
            paths.Select(p => Signed(context, "missing-field", JsonSplice.Remove(p.Template, p.Path))),
            from escape in BadValues.BadUnicodeEscapes
            from p in strings
            select Signed(context, "lone-surrogate", JsonSplice.ReplaceString(p.Template, p.Path, Encoding.ASCII.GetBytes(escape))),
            from bytes in BadValues.BadUtf8
            from p in strings
            select Signed(context, "invalid-utf8", JsonSplice.ReplaceString(p.Template, p.Path, [.. "ab"u8, .. bytes, .. "cd"u8])),
            strings.Select(p => Signed(context, "nul-escape", JsonSplice.ReplaceString(p.Template, p.Path, "a\\u0000b"u8)))
                .Concat(Enumerable.Range(0, valid.Length / 5).Select(i => Signed(context, "nul-byte", [.. valid.AsSpan(0, i * 5), 0x00, .. valid.AsSpan(i * 5)]))),
            Enumerable.Range(0, valid.Length / 5).Select(i => Signed(context, "truncated", valid[..(i * 5)]))
                .Concat(strings.Select(p => Signed(context, "too-long", JsonSplice.ReplaceString(p.Template, p.Path, Encoding.ASCII.GetBytes(new string('x', 21_000)))))),
            HugeAndDeep(context, templates),
            Signatures(context, valid),
            Marketplaces(context),
            EventTypesAndMethods(context, templates[0], valid),
        ],
        () => RandomVariant(context, templates, random));
    }

    private static IEnumerable<Probe> HugeAndDeep(ProbeContext context, List<JsonObject> templates)
    {
        foreach (var size in (int[])[32 * 1024 + 1, 40_000, 100_000, 1_000_000, 3_000_000])
        {
            yield return Signed(context, "huge-body", JsonSplice.ReplaceString(templates[2], ["data", "text"], Encoding.ASCII.GetBytes(new string('a', size))));
        }

        foreach (var depth in (int[])[17, 64, 65, 1000, 6000])
        {
            yield return Signed(context, "deep-array", Encoding.ASCII.GetBytes(new string('[', depth) + new string(']', depth)));
            yield return Signed(context, "deep-object", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)));
            var nested = string.Concat(Enumerable.Repeat("{\"x\":", depth)) + "1" + new string('}', depth);
            yield return Signed(context, "deep-data", JsonSplice.Replace(templates[0], ["data"], Encoding.ASCII.GetBytes(nested)));
        }
    }

    private static IEnumerable<Probe> EventTypesAndMethods(ProbeContext context, JsonObject template, byte[] valid)
    {
        foreach (var type in (string[])["order.cancelled", "ORDER.CREATED", "Order.Created", "order.created ", " order.created", "order_created",
                     "order", "", "*", "order.created\\u0000", "order.created\\n", "message.received.extra", new string('t', 64), new string('t', 65),
                     "order.*", "..", "\\u006frder.created", "order.crea\\u0000ted", "question.asked\\t"])
        {
            yield return Signed(context, "unknown-type", JsonSplice.ReplaceString(template, ["type"], Encoding.ASCII.GetBytes(type)));
        }

        foreach (var contentType in (string[])["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                     "application/json; charset=utf-16", "application/json; charset=latin1", "", "garbage", "application/json, text/plain"])
        {
            yield return Signed(context, "content-type", valid) with { ContentType = contentType.Length == 0 ? null : contentType };
        }

        foreach (var method in (string[])["GET", "PUT", "PATCH", "DELETE"])
        {
            yield return Signed(context, "wrong-method", valid) with { Method = new HttpMethod(method) };
        }
    }

    private static IEnumerable<Probe> Signatures(ProbeContext context, byte[] body)
    {
        var now = DateTimeOffset.UtcNow;
        var unix = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var good = WebhookSignature.Create(body, context.Secret, now);
        var hex = good[(good.IndexOf("v1=", StringComparison.Ordinal) + 3)..];
        string?[] headers =
        [
            null, "", " ", "garbage", "t=1", "v1=" + hex, "t=,v1=", $"t=abc,v1={hex}", $"t={unix},v1={hex[..63]}", $"t={unix},v1={hex}0",
            $"t={unix},v1={new string('z', 64)}", $"t={unix},v1={new string('0', 64)}", $"t=99999999999999999999999,v1={hex}", $"t=-1,v1={hex}",
            $"t=0,v1={hex}", $"t=+{unix},v1={hex}", $"t={unix}.5,v1={hex}", $"t = {unix}, v1 = {hex}", $"t={unix};v1={hex}", $"T={unix},V1={hex}",
            $"t={unix},v0={hex}", $"v1={hex},t=", "=,=,=", ",,,,", $"t={unix},v1=", string.Concat(Enumerable.Repeat($"v1={hex[..63]}x,", 300)) + $"t={unix}",
            $"t={unix},v1={hex[..32]}", $"t={unix}\u0000,v1={hex}", $"t=١٢٣,v1={hex}",
        ];
        foreach (var header in headers)
        {
            yield return Signed(context, "signature-malformed", body, header: header ?? "") with { Expect = ProbeExpectation.MustBeRefused };
        }

        foreach (var offset in (TimeSpan[])[TimeSpan.FromMinutes(-6), TimeSpan.FromHours(-1), TimeSpan.FromDays(-400), TimeSpan.FromDays(-365 * 60)])
        {
            yield return Signed(context, "signature-stale", body, at: now + offset) with { Expect = ProbeExpectation.MustBeRefused };
        }

        foreach (var offset in (TimeSpan[])[TimeSpan.FromMinutes(6), TimeSpan.FromDays(1), TimeSpan.FromDays(365 * 100)])
        {
            yield return Signed(context, "signature-future", body, at: now + offset) with { Expect = ProbeExpectation.MustBeRefused };
        }

        foreach (var (marketplace, secret) in context.WebhookSecrets.Where(s => s.Key != context.Marketplace))
        {
            yield return Signed(context, "signature-wrong-secret", body, secret: secret) with { Expect = ProbeExpectation.MustBeRefused };
            // Genuinely signed for another marketplace, posted to ours.
            yield return Signed(context, "signature-other-marketplace", body, marketplace: marketplace) with { Expect = ProbeExpectation.MustBeRefused };
        }

        foreach (var secret in (string[])[context.Secret.ToUpperInvariant(), context.Secret[..^1], "", context.Secret + " "])
        {
            yield return Signed(context, "signature-wrong-secret", body, secret: secret) with { Expect = ProbeExpectation.MustBeRefused };
        }

        // A genuine signature replayed over other bytes.
        var other = (byte[])body.Clone();
        other[^2] = (byte)' ';
        yield return Signed(context, "signature-replayed-other-body", other, header: good) with { Expect = ProbeExpectation.MustBeRefused };
        yield return Signed(context, "signature-replayed-other-body", [.. body, (byte)' '], header: good) with { Expect = ProbeExpectation.MustBeRefused };
        yield return Signed(context, "signature-replayed-other-body", Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("evt", "EVT", StringComparison.Ordinal)), header: good)
            with { Expect = ProbeExpectation.MustBeRefused };

        // The seeded event again, exactly: a duplicate, which writes nothing.
        for (var i = 0; i < 5; i++)
        {
            yield return Signed(context, "replayed-delivery", context.SeedEventBody);
        }
    }

    private static IEnumerable<Probe> Marketplaces(ProbeContext context)
    {
        var seed = context.SeedEventBody;
        foreach (var name in (string[])["amazonx", "amazo", "ebay", "mercadolibre", "unknown", "%20amazon", "amazon%20", "amazon%00", "amazon%2f..", "..%2famazon",
                     "%2e%2e", "%2e", new string('a', 1000), "amaz%C3%B6n", "%C0%AE", "amazon%3Bx%3D1", "amazon;x=1", "%ED%A0%80", "%FF", "amazon~o~x", "*"])
        {
            yield return Signed(context, "unknown-marketplace", seed, marketplace: name);
        }

        // The seeded event under another spelling of its marketplace: a duplicate or a refusal, never a second event.
        var upper = context.Marketplace.ToUpperInvariant();
        foreach (var name in (string[])[upper, char.ToUpperInvariant(context.Marketplace[0]) + context.Marketplace[1..], context.Marketplace[..^1] + upper[^1..],
                     string.Concat(context.Marketplace.Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : c))])
        {
            yield return Signed(context, "marketplace-case", seed, marketplace: name);
        }

        yield return Signed(context, "no-marketplace", seed, marketplace: "") with { PathAndQuery = "/api/webhooks/" };
        yield return Signed(context, "no-marketplace", seed, marketplace: "") with { PathAndQuery = "/api/webhooks" };
        yield return Signed(context, "extra-segment", seed) with { PathAndQuery = $"/api/webhooks/{context.Marketplace}/extra" };
    }

    private static Probe RandomVariant(ProbeContext context, IReadOnlyList<JsonObject> templates, Random random)
    {
        var template = random.Pick(templates);
        var paths = JsonSplice.Paths(template);
        var path = random.Pick(paths);
        var (kind, body) = random.Next(7) switch
        {
            0 => ("wrong-type", JsonSplice.Replace(template, path, Encoding.UTF8.GetBytes(random.Pick(BadValues.WrongTypes)))),
            1 => ("missing-field", JsonSplice.Remove(template, path)),
            2 => ("lone-surrogate", JsonSplice.ReplaceString(template, path, Encoding.ASCII.GetBytes("x" + random.Pick(BadValues.BadUnicodeEscapes)))),
            3 => ("invalid-utf8", JsonSplice.ReplaceString(template, path, [.. "x"u8, .. random.Pick(BadValues.BadUtf8)])),
            4 => ("random-bytes", Corrupt(JsonSplice.Serialize(template), context.SeedEventId, random)),
            5 => ("truncated", JsonSplice.Serialize(template)[..random.Next(JsonSplice.Serialize(template).Length - 1)]),
            _ => ("bad-json", Encoding.UTF8.GetBytes(random.Pick(BadValues.BadJson))),
        };

        // Now and then the signature is wrong too (it must be refused whatever the body).
        return random.Next(5) == 0
            ? Signed(context, kind + "+stale", body, at: DateTimeOffset.UtcNow.AddMinutes(-10 - random.Next(1000))) with { Expect = ProbeExpectation.MustBeRefused }
            : Signed(context, kind, body);
    }

    // Overwrites a few bytes with random ones, never inside the event id: a body the parser must refuse, or accept
    // cleanly as a duplicate (a changed id would be a new, valid event).
    private static byte[] Corrupt(byte[] body, string eventId, Random random)
    {
        var copy = (byte[])body.Clone();
        var idStart = body.AsSpan().IndexOf(Encoding.UTF8.GetBytes($"\"id\":\"{eventId}\""));
        var idEnd = idStart + eventId.Length + 8;
        for (var flips = random.Next(1, 4); flips > 0; flips--)
        {
            var at = random.Next(copy.Length);
            if (at < idStart || at >= idEnd)
            {
                copy[at] = (byte)random.Next(256);
            }
        }

        return copy;
    }

    private static Probe Signed(
        ProbeContext context, string kind, byte[] body, string? marketplace = null, string? secret = null, DateTimeOffset? at = null, string? header = null)
    {
        var probe = new Probe(Family, kind, HttpMethod.Post, $"/api/webhooks/{marketplace ?? context.Marketplace}")
        {
            Body = body,
            ContentType = "application/json",
        };
        if (body.Length > 32 * 1024)
        {
            // Over the webhook limit: the app answers 413 without reading it all, and the connection may close under the sender.
            probe = probe with { Expect = ProbeExpectation.ServerMayReject };
        }

        var signature = header ?? WebhookSignature.Create(body, secret ?? context.Secret, at ?? DateTimeOffset.UtcNow);
        return signature.Length == 0 ? probe : probe.WithHeader(WebhookSignature.HeaderName, signature);
    }

    // One envelope per event type, all with the seeded event's id.
    private static List<JsonObject> Templates(ProbeContext context)
    {
        var at = "2026-11-23T09:00:00Z";
        JsonObject Envelope(string type, JsonObject data) => new()
        {
            ["id"] = context.SeedEventId,
            ["type"] = type,
            ["occurredAt"] = at,
            ["data"] = data,
        };

        return
        [
            Envelope("order.created", new JsonObject
            {
                ["orderId"] = "bad-order-2", ["buyerId"] = context.BuyerId, ["sellerId"] = context.SellerId, ["buyerLanguage"] = "en", ["placedAt"] = at,
                ["items"] = new JsonArray(new JsonObject { ["sku"] = "SKU-1", ["title"] = "Desk lamp", ["quantity"] = 1 }),
            }),
            Envelope("order.shipped", new JsonObject { ["orderId"] = context.OrderId, ["trackingNumber"] = "TRACK-1" }),
            Envelope("message.received", new JsonObject
            {
                ["orderId"] = context.OrderId, ["messageId"] = "m-1", ["authorRole"] = "buyer", ["authorId"] = context.BuyerId,
                ["text"] = "Hello, where is my order?", ["sentAt"] = at,
                ["attachments"] = new JsonArray(new JsonObject
                {
                    ["fileName"] = "photo.png", ["contentType"] = "image/png", ["sizeBytes"] = 1024, ["url"] = "https://files.example/photo.png",
                }),
            }),
            Envelope("question.asked", new JsonObject
            {
                ["questionId"] = "q-1", ["listingId"] = "l-1", ["buyerId"] = context.BuyerId, ["sellerId"] = context.SellerId,
                ["text"] = "Is it blue?", ["buyerLanguage"] = "en", ["askedAt"] = at,
            }),
        ];
    }
}
