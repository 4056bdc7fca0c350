using System.Text;

namespace Marketplace.BadInput.Families;

/// <summary>
/// The REST API with genuine tokens and bad everything else: ids that name nothing or try to traverse, cursors and
/// limits that are not numbers or overflow, bodies that are not JSON or have wrong types, wrong content types, huge
/// headers, attachments that must be refused. Admin and marketplace tokens never read the seeded conversation (their
/// reads are audited, a legitimate write), so any write is a defect.
/// </summary>
public static class ApiProbes
{
    public const string Family = "api";

    // Bodies no send may accept. A valid one would store a message, so none of these is valid.
    private static readonly string[] s_sendBodies =
    [
        "{\"text\":\"\"}", "{\"text\":\"   \"}", "{}", "{\"text\":null}", "{\"text\":1}", "{\"text\":[\"a\"]}", "{\"text\":{\"a\":1}}", "{\"text\":true}",
        "{\"text\":\"" + new string('x', 2001) + "\"}", "{\"attachmentIds\":\"a\"}", "{\"attachmentIds\":[1]}", "{\"attachmentIds\":[null]}",
        "{\"attachmentIds\":[[]]}", "{\"attachmentIds\":[\"..%2fx\"]}", "{\"attachmentIds\":[\"../x\"]}", "{\"attachmentIds\":[\"" + new string('a', 65) + "\"]}",
        "{\"attachmentIds\":[\"no-such-upload\"]}", "{\"text\":\"hi\",\"attachmentIds\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]}",
        "{\"text\":\"hi\",\"reason\":\"" + new string('r', 65) + "\"}", "{\"text\":\"hi\",\"reason\":1}", "{\"text\":\"hi\",\"reason\":{}}",
        "[]", "[{\"text\":\"hi\"}]", "\"hi\"", "null", "42", "{\"text\":\"hi\",\"attachmentIds\":{}}",
    ];

    // Refused for a buyer only: a seller's message with a reason code, or a buyer's with text, would be valid.
    private static readonly string[] s_buyerSendBodies =
    [
        "{\"text\":\"hi\",\"reason\":\"order_question\"}", "{\"text\":\"hi\\ud800\"}", "{\"text\":\"\\udc00\"}", "{\"text\":\"a\\ud800\\ud800b\"}",
        "{\"text\":\"\\ud83d\"}", "{\"text\":\"a\\udfff\\ud800b\"}",
    ];

    private static readonly string[] s_readBodies =
    [
        "{\"throughMessageId\":0}", "{\"throughMessageId\":-1}", "{\"throughMessageId\":\"x\"}", "{\"throughMessageId\":1.5}", "{\"throughMessageId\":1e30}",
        "{\"throughMessageId\":[]}", "{\"throughMessageId\":{}}", "{\"throughMessageId\":-9223372036854775808}", "{\"throughMessageId\":9223372036854775808}",
        "[]", "42", "\"x\"",
    ];

    private static readonly string[] s_preferenceBodies =
    [
        "{\"optOutOfUnsolicitedMessages\":\"yes\"}", "{\"optOutOfUnsolicitedMessages\":1}", "{\"optOutOfUnsolicitedMessages\":null}",
        "{\"optOutOfUnsolicitedMessages\":\"true\"}", "{\"optOutOfUnsolicitedMessages\":[]}", "{\"optOutOfUnsolicitedMessages\":{}}", "[]", "\"x\"", "null",
        "{}", "{\"optOut\":true}",
    ];

    private static readonly string[] s_sellerSettingsBodies =
    [
        "{}", "{\"reminderWebhookUrl\":\"https://seller.example/hook\"}", "{\"reminderWebhookSecret\":\"0123456789abcdef\"}",
        Settings("http://seller.example/hook"), Settings("ftp://seller.example/hook"), Settings("javascript:alert(1)"), Settings("file:///etc/passwd"),
        Settings("https://"), Settings("not a url"), Settings("//seller.example/hook"), Settings("https://seller.example/hook", "short"),
        Settings("https://169.254.169.254/latest/meta-data/"), Settings("https://10.0.0.1/hook"), Settings("https://192.168.1.1/hook"),
        Settings("https://[fd00::1]/hook"), Settings("https://0.0.0.0/hook"), Settings("https://user@169.254.169.254/"),
        "{\"reminderWebhookUrl\":1,\"reminderWebhookSecret\":\"0123456789abcdef\"}", "{\"reminderWebhookUrl\":\"https://seller.example/hook\",\"reminderWebhookSecret\":[]}",
        Settings("https://seller.example/\\ud800"), Settings("https://seller.example/hook", "0123456789abcde\\ud800"),
    ];

    private static readonly string[] s_vacationBodies =
    [
        "{}", "{\"start\":\"2030-01-10T00:00:00Z\"}", "{\"end\":\"2030-01-10T00:00:00Z\"}", "{\"start\":\"x\",\"end\":\"y\"}",
        "{\"start\":\"2030-01-10T00:00:00Z\",\"end\":\"2030-01-01T00:00:00Z\"}", "{\"start\":\"2030-01-01T00:00:00Z\",\"end\":\"2030-01-01T00:00:00Z\"}",
        "{\"start\":\"2030-01-01T00:00:00Z\",\"end\":\"2030-06-01T00:00:00Z\"}", "{\"start\":\"0001-01-01T00:00:00Z\",\"end\":\"9999-12-31T23:59:59Z\"}",
        "{\"start\":1,\"end\":2}", "{\"start\":\"2030-02-30T00:00:00Z\",\"end\":\"2030-03-01T00:00:00Z\"}", "{\"start\":\"2030-01-01T25:00:00Z\",\"end\":\"2030-01-02T00:00:00Z\"}",
        "{\"start\":\"2030-01-01T00:00:00+99:00\",\"end\":\"2030-01-02T00:00:00Z\"}", "{\"start\":null,\"end\":null}", "[]",
    ];

    private static readonly string[] s_contentTypes =
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16",
        "application/json; charset=nonsense", "application/jsonx", "*/*", "garbage", "application/json; charset=\"", "",
    ];

    private static readonly string[] s_fileNames =
    [
        "..%2f..%2fetc%2fpasswd", "../../etc/passwd", "%2e%2e%2f%2e%2e%2fx.txt", "..%5c..%5cwin.ini", "a%00b.txt", "a%0d%0aX-Injected:%201.txt",
        "%ED%A0%80.txt", "%FF.txt", "CON", "invoice%E2%80%AEtxt.exe", new string('n', 300) + ".txt", "%22%3E%3Cscript%3E.txt", "", "%20", ".", "..",
    ];

    public static IEnumerable<Probe> Generate(ProbeContext context, Random random)
    {
        var files = BadFiles.All();
        return ProbeStreams.Interleave(
        [
            BadIds(context),
            Traversal(context),
            from cursor in BadValues.Cursors
            from probe in Paging(context, "cursor=" + cursor)
            select probe,
            from limit in BadValues.Numbers
            from probe in Paging(context, "limit=" + limit)
            select probe,
            Bodies(context),
            ContentTypes(context),
            Files(context, files),
            AdminInbox(context),
            HeadersAndMethods(context),
        ],
        () => RandomVariant(context, random, files));
    }

    private static IEnumerable<Probe> BadIds(ProbeContext context)
    {
        foreach (var id in BadValues.Ids)
        {
            var c = $"/api/conversations/{id}";
            yield return Get("bad-id", c, context.BuyerToken);
            yield return Get("bad-id", c + "/messages", context.SellerToken);
            yield return Get("bad-id", c + "/messages/1", context.BuyerToken);
            yield return Json("bad-id", HttpMethod.Post, c + "/messages", "{\"text\":\"\"}", context.BuyerToken);
            yield return Json("bad-id", HttpMethod.Post, c + "/read", "{\"throughMessageId\":0}", context.SellerToken);
            yield return Get("bad-id", c + "/attachments/" + context.AttachmentId, context.BuyerToken);
            yield return Get("bad-id", $"/api/conversations/{context.ConversationId}/attachments/{id}", context.BuyerToken);
            yield return Json("bad-id", HttpMethod.Post, c + "/no-response-needed", "", context.SellerToken);
            yield return Get("bad-id", c, context.AdminToken);
            yield return Get("bad-id", c + "/messages/1", context.Tokens.Valid("marketplace", context.Marketplace, context.Marketplace));
            yield return Get("bad-id", $"/api/admin/conversations/{id}/audit", context.AdminToken);
            yield return Json("bad-id", HttpMethod.Post, $"/api/admin/conversations/{id}/messages/1/approve", "", context.AdminToken);
            yield return Json("bad-id", HttpMethod.Post, $"/api/admin/conversations/{id}/messages/1/reject", "", context.AdminToken);
            yield return new Probe(Family, "bad-id", HttpMethod.Delete, $"/api/seller/vacations/{id}").WithBearer(context.SellerToken);
            yield return Get("bad-id", $"/api/admin/poison/{id}", context.AdminToken);
            yield return Json("bad-id", HttpMethod.Post, $"/api/admin/poison/{id}/requeue-all", "", context.AdminToken);
            yield return Json("bad-id", HttpMethod.Post, $"/api/admin/poison/marketplace-events/{id}/requeue", "", context.AdminToken);
        }
    }

    // Buyer and seller only: paths that may resolve to the seeded conversation once dot segments are removed.
    private static IEnumerable<Probe> Traversal(ProbeContext context)
    {
        var real = context.ConversationId;
        var aid = context.AttachmentId;
        string[] conversations =
        [
            $"x%2f..%2f{real}", $"%2e%2e%2f{real}", $"{real}%2f..", $"{real}/..", $"{real}/%2e%2e", $"{real}%00", $"{real}%20", $"{real}.",
            $"x/%2e%2e/{real}", $"x/%2E%2E/{real}", $"x/.%2e/{real}", $"x/%2e./{real}", $"{real.ToUpperInvariant()}", $"{real}~", $"{real}~x",
            "..%2f..%2fapi%2fadmin%2fheld-messages", "%2e%2e/%2e%2e/admin/held-messages", "../admin/held-messages", $"{real}/../../admin/held-messages",
            $"{real}/%2e%2e/%2e%2e/admin/poison/marketplace-events", "%252e%252e%252f", $"{real}%252f..",
        ];
        foreach (var id in conversations)
        {
            yield return Get("traversal", $"/api/conversations/{id}", context.BuyerToken);
            yield return Get("traversal", $"/api/conversations/{id}/messages", context.SellerToken);
            yield return Json("traversal", HttpMethod.Post, $"/api/conversations/{id}/messages", "{\"text\":\"\"}", context.BuyerToken);
        }

        foreach (var attachment in (string[])[$"..%2f{aid}", $"{aid}%2f..", "%2e%2e", "..%5c..%5cx", $"{aid}.png", aid.ToUpperInvariant(), $"{aid}%00",
                     $"x/%2e%2e/{aid}", $"..%2f..%2f{real}%2fattachments%2f{aid}", $"%2e%2e%2f%2e%2e%2f%2e%2e%2f{aid}", $"{aid}/..", $"{aid}%2f%2e%2e%2f{aid}"])
        {
            // The seller may not see the buyer's unsent upload; the buyer may, under its own id only.
            yield return Get("traversal", $"/api/conversations/{real}/attachments/{attachment}", context.SellerToken);
            yield return Get("traversal", $"/api/conversations/{real}/attachments/{attachment}", context.BuyerToken);
        }

        var html = Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>");
        foreach (var name in s_fileNames)
        {
            yield return Upload("bad-file-name", context, $"fileName={name}", html);
        }

        yield return Upload("bad-file-name", context, "fileName=a.txt&fileName=b.txt", html);
        yield return Upload("bad-file-name", context, "", html);
    }

    private static IEnumerable<Probe> Paging(ProbeContext context, string query)
    {
        yield return Get("paging", "/api/inbox?" + query, context.BuyerToken);
        yield return Get("paging", "/api/inbox?filter=unread&" + query, context.SellerToken);
        yield return Get("paging", $"/api/conversations/{context.ConversationId}/messages?{query}", context.BuyerToken);
        yield return Get("paging", $"/api/admin/held-messages?{query}", context.AdminToken);
        yield return Get("paging", $"/api/admin/conversations/no-such-conversation/audit?{query}", context.AdminToken);
    }

    private static IEnumerable<Probe> Bodies(ProbeContext context)
    {
        var messages = $"/api/conversations/{context.ConversationId}/messages";
        var read = $"/api/conversations/{context.ConversationId}/read";
        var queue = new List<IEnumerable<Probe>>
        {
            s_sendBodies.Concat(s_buyerSendBodies).Select(b => Json("send-body", HttpMethod.Post, messages, b, context.BuyerToken)),
            s_sendBodies.Select(b => Json("send-body", HttpMethod.Post, messages, b, context.SellerToken)),
            BadValues.BadJson.Concat(BadValues.NoRequiredMembers).Select(b => Json("send-bad-json", HttpMethod.Post, messages, b, context.BuyerToken)),
            s_readBodies.Concat(BadValues.BadJson.Where(b => b.Trim().Length > 0)).Select(b => Json("read-body", HttpMethod.Post, read, b, context.SellerToken)),
            s_preferenceBodies.Concat(BadValues.BadJson).Select(b => Json("preferences-body", HttpMethod.Put, "/api/me/preferences", b, context.BuyerToken)),
            s_sellerSettingsBodies.Concat(BadValues.BadJson).Concat(BadValues.NoRequiredMembers).Select(b => Json("seller-settings-body", HttpMethod.Put, "/api/seller/settings", b, context.SellerToken)),
            s_vacationBodies.Concat(BadValues.BadJson).Concat(BadValues.NoRequiredMembers).Select(b => Json("vacation-body", HttpMethod.Post, "/api/seller/vacations", b, context.SellerToken)),
            ((string[])["a b", "..%2fx", "../x", new string('k', 65), "%", "k\u00fc", "k;k", new string('k', 20_000)])
                .Select(key => Json("idempotency-key", HttpMethod.Post, messages, "{\"text\":\"Hello, any news?\"}", context.BuyerToken).WithHeader("Idempotency-Key", key)),
            ((int[])[65, 100, 1000]).Select(depth => Json("deep-body", HttpMethod.Post, messages,
                string.Concat(Enumerable.Repeat("{\"text\":", depth)) + "\"x\"" + new string('}', depth), context.BuyerToken)),
        };
        return ProbeStreams.RoundRobin(queue);
    }

    private static IEnumerable<Probe> ContentTypes(ProbeContext context)
    {
        foreach (var contentType in s_contentTypes)
        {
            var type = contentType.Length == 0 ? null : contentType;
            yield return Json("content-type", HttpMethod.Post, $"/api/conversations/{context.ConversationId}/messages", "{\"text\":\"\"}", context.BuyerToken) with { ContentType = type };
            yield return Json("content-type", HttpMethod.Put, "/api/me/preferences", "{\"optOutOfUnsolicitedMessages\":\"x\"}", context.BuyerToken) with { ContentType = type };
            yield return Json("content-type", HttpMethod.Post, "/api/seller/vacations", "{}", context.SellerToken) with { ContentType = type };
            yield return Json("content-type", HttpMethod.Post, $"/api/conversations/{context.ConversationId}/read", "{\"throughMessageId\":0}", context.SellerToken) with { ContentType = type };
        }

        // UTF-16 JSON that says so: still a body with nothing valid in it.
        yield return new Probe(Family, "content-type", HttpMethod.Post, $"/api/conversations/{context.ConversationId}/messages")
        {
            Body = Encoding.Unicode.GetBytes("{\"text\":\"\"}"),
            ContentType = "application/json; charset=utf-16",
        }.WithBearer(context.BuyerToken);
    }

    private static IEnumerable<Probe> Files(ProbeContext context, IReadOnlyList<(string Kind, byte[] Bytes)> files)
    {
        foreach (var (kind, bytes) in files)
        {
            yield return Upload("attachment-" + kind, context, "fileName=file.txt", bytes);
            yield return Upload("attachment-" + kind, context, "fileName=file.pdf", bytes) with { ContentType = "application/pdf" };
        }

        yield return Upload("attachment-empty", context, "fileName=empty.txt", []);
        foreach (var size in (int[])[10 * 1024 * 1024 + 1, 11 * 1024 * 1024])
        {
            var big = new byte[size];
            "\x89PNG\r\n\x1a\n"u8.CopyTo(big);
            yield return Upload("attachment-too-large", context, "fileName=big.png", big) with { Expect = ProbeExpectation.ServerMayReject };
        }

        // Other people's conversation, and nobody's.
        var html = files[0].Bytes;
        yield return Upload("attachment-not-party", context, "fileName=x.png", html) with { Headers = [new("Authorization", "Bearer " + context.Tokens.Valid("buyer", "b-2", context.Marketplace))] };
        yield return Upload("attachment-admin", context, "fileName=x.png", html) with { Headers = [new("Authorization", "Bearer " + context.AdminToken)] };
        yield return new Probe(Family, "attachment-no-conversation", HttpMethod.Post, "/api/conversations/no-such/attachments?fileName=x.txt")
        {
            Body = html,
        }.WithBearer(context.BuyerToken);
    }

    // An admin reading someone's inbox must name them properly; a malformed name must be refused before it is audited.
    private static IEnumerable<Probe> AdminInbox(ProbeContext context)
    {
        string[] roles = ["", "x", "admin", "BUYERS", "0", "5", "buyer,seller", "%00"];
        string[] parties = ["", "%20", "x'%20or%20''%3D'", "a%2fb", "..%2f..", "%23", "%3F", "a%5cb", new string('p', 1025), "%00", "a~b", "%ED%A0%80"];
        string[] marketplaces = ["", "%20", "%2e%2e", "a%2fb", "x'", "%23", "%00", new string('m', 300)];
        foreach (var role in roles)
        {
            yield return Get("admin-inbox", $"/api/inbox?role={role}&partyId={context.BuyerId}&marketplace={context.Marketplace}", context.AdminToken);
        }

        foreach (var party in parties)
        {
            yield return Get("admin-inbox", $"/api/inbox?role=buyer&partyId={party}&marketplace={context.Marketplace}", context.AdminToken);
        }

        foreach (var marketplace in marketplaces)
        {
            yield return Get("admin-inbox", $"/api/inbox?role=seller&partyId={context.SellerId}&marketplace={marketplace}", context.AdminToken);
        }

        foreach (var filter in (string[])["x", "ALL", "unread%00", "awaiting_reply", "%2e%2e", new string('f', 500)])
        {
            yield return Get("inbox-filter", "/api/inbox?filter=" + filter, context.BuyerToken);
        }

        yield return Get("held-marketplace", "/api/admin/held-messages?marketplace=x'%20or%20''%3D'", context.AdminToken);
        yield return Get("held-marketplace", "/api/admin/held-messages?marketplace=%00", context.AdminToken);
        yield return Get("held-marketplace", "/api/admin/held-messages?marketplace=" + new string('m', 2000), context.AdminToken);
    }

    private static IEnumerable<Probe> HeadersAndMethods(ProbeContext context)
    {
        yield return Get("huge-header", "/api/inbox", context.BuyerToken).WithHeader("X-Padding", new string('p', 100_000)) with { Expect = ProbeExpectation.ServerMayReject };
        yield return Get("huge-header", "/api/inbox", context.BuyerToken).WithHeader("Cookie", "a=" + new string('c', 60_000)) with { Expect = ProbeExpectation.ServerMayReject };
        yield return new Probe(Family, "huge-header", HttpMethod.Get, "/api/inbox") { Expect = ProbeExpectation.ServerMayReject }.WithBearer(new string('t', 80_000));
        var many = Get("many-headers", "/api/inbox", context.BuyerToken) with { Expect = ProbeExpectation.ServerMayReject };
        for (var i = 0; i < 300; i++)
        {
            many = many.WithHeader($"X-H{i}", "v");
        }

        yield return many;
        yield return Get("non-ascii-header", "/api/inbox", context.BuyerToken).WithHeader("X-Name", "caf\u00e9") with { Expect = ProbeExpectation.ServerMayReject };
        yield return Get("long-url", "/api/inbox?cursor=" + new string('A', 20_000), context.BuyerToken) with { Expect = ProbeExpectation.ServerMayReject };
        foreach (var method in (string[])["PATCH", "DELETE", "PUT", "OPTIONS", "TRACE", "PROPFIND", "FOO"])
        {
            yield return new Probe(Family, "wrong-method", new HttpMethod(method), "/api/inbox").WithBearer(context.BuyerToken);
            yield return new Probe(Family, "wrong-method", new HttpMethod(method), $"/api/conversations/{context.ConversationId}/read").WithBearer(context.BuyerToken);
        }

        yield return new Probe(Family, "wrong-method", HttpMethod.Head, "/api/inbox").WithBearer(context.BuyerToken);
    }

    private static Probe RandomVariant(ProbeContext context, Random random, IReadOnlyList<(string Kind, byte[] Bytes)> files)
    {
        var id = random.Next(3) == 0 ? context.ConversationId : random.Pick(BadValues.Ids);
        var token = random.Next(2) == 0 ? context.BuyerToken : context.SellerToken;
        var query = random.Next(2) == 0 ? "limit=" + random.Pick(BadValues.Numbers) : "cursor=" + random.Pick(BadValues.Cursors);
        return random.Next(6) switch
        {
            0 => Get("random-paging", $"/api/conversations/{id}/messages?{query}&{(random.Next(2) == 0 ? "limit=" + random.Pick(BadValues.Numbers) : "x=1")}", token),
            1 => Json("random-send", HttpMethod.Post, $"/api/conversations/{id}/messages", random.Pick(s_sendBodies), token),
            2 => Json("random-read", HttpMethod.Post, $"/api/conversations/{id}/read", random.Pick(s_readBodies), token),
            3 => Get("random-inbox", $"/api/inbox?{query}&filter={random.Pick((string[])["all", "unread", "awaiting-reply", "x"])}", token),
            4 => Upload("random-attachment", context, "fileName=" + random.Pick(s_fileNames), random.Pick(files).Bytes),
            _ => Get("random-id", $"/api/conversations/{random.Pick(BadValues.Ids)}/messages/{random.Pick(BadValues.Numbers)}", token),
        };
    }

    private static Probe Get(string kind, string path, string token) => new Probe(Family, kind, HttpMethod.Get, path).WithBearer(token);

    private static Probe Json(string kind, HttpMethod method, string path, string body, string token) =>
        new Probe(Family, kind, method, path) { Body = Encoding.UTF8.GetBytes(body), ContentType = "application/json" }.WithBearer(token);

    private static Probe Upload(string kind, ProbeContext context, string query, byte[] content) =>
        new Probe(Family, kind, HttpMethod.Post, $"/api/conversations/{context.ConversationId}/attachments?{query}")
        {
            Body = content,
            ContentType = "application/octet-stream",
        }.WithBearer(context.BuyerToken);

    private static string Settings(string url, string secret = "0123456789abcdef") =>
        $"{{\"reminderWebhookUrl\":\"{url}\",\"reminderWebhookSecret\":\"{secret}\"}}";
}
