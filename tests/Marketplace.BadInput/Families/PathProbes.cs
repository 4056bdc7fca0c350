using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Marketplace.BadInput.Families;

/// <summary>
/// Paths that try to reach what no outside caller may: the queue functions' custom-handler routes (POST /{Function},
/// for the Functions host alone) through dot segments, encoded dots and slashes, prefixes of public areas, case and
/// trailing variants; and admin areas through a buyer's conversation path. Self-hosted, nothing invokes queue
/// functions over HTTP, so every one of these must be refused; a forged invocation that gets through writes a
/// conversation the storage census then finds.
/// </summary>
public static class PathProbes
{
    public const string Family = "path";

    private static readonly string[] s_prefixes =
    [
        "", "/.", "/%2e", "/api/%2e%2e", "/api/conversations/%2e%2e/%2e%2e", "/api/conversations/%2E%2E/%2E%2E", "/api/conversations/.%2e/.%2e",
        "/api/conversations/%2e./%2e.", "/api/conversations/x/%2e%2e/%2e%2e/%2e%2e", "/api/webhooks/%2e%2e/%2e%2e", "/api/inbox/%2e%2e/%2e%2e",
        "/api/me/%2e%2e/%2e%2e", "/api/seller/%2e%2e/%2e%2e", "/api/admin/%2e%2e/%2e%2e", "/docs/%2e%2e", "/openapi/%2e%2e",
        "/runtime/webhooks/durabletask/%2e%2e/%2e%2e/%2e%2e", "/runtime/webhooks/durabletask/instances/%2e%2e/%2e%2e/%2e%2e/%2e%2e",
        "/api/conversations/..", "/api/conversations/../..", "/api/../", "/%2e%2e", "/api/conversations/%252e%252e/%252e%252e",
        "/api/conversations/..%2f..%2f", "/api%2f..%2f", "/api/conversations/%2e%2e%5c%2e%2e%5c", "/api/conversations/..%5c..%5c",
        "//", "/api/conversations/%2e%2e/%2e%2e/./", "/api/webhooks/amazon/%2e%2e/%2e%2e/%2e%2e",
    ];

    private static int s_forged;

    private static readonly string[] s_suffixes = ["", "/", "%00", "%20", ";x", "?x=1", ".json", "%2f", "/.", "/%2e"];

    public static IEnumerable<Probe> Generate(ProbeContext context, Random random)
    {
        var functions = context.QueueFunctions;
        return ProbeStreams.Interleave(
        [
            from prefix in s_prefixes
            from function in functions
            select Invoke(context, "encoded-route", prefix, function, ""),
            from suffix in s_suffixes
            from name in functions.SelectMany(f => (string[])[f, f.ToUpperInvariant(), f.ToLowerInvariant()])
            select Invoke(context, "route-variant", "", name, suffix),
            PayloadVariants(context),
            AdminThroughConversations(context),
            Oddities(context),
        ],
        () => Invoke(context, "random-route", random.Pick(s_prefixes), random.Pick(functions), random.Pick(s_suffixes)));
    }

    // A forged invocation: for ApplyMarketplaceEvent an event creating a new order (a write if it gets through); for the others, their message.
    private static Probe Invoke(ProbeContext context, string kind, string prefix, string function, string suffix)
    {
        var message = function.Equals("ApplyMarketplaceEvent", StringComparison.OrdinalIgnoreCase)
            ? ForgedEvent(context)
            : function.Equals("CheckConversation", StringComparison.OrdinalIgnoreCase) ? context.ConversationId : "{\"not\":\"a durable message\"}";
        return new Probe(Family, kind, HttpMethod.Post, $"{prefix}/{function}{suffix}")
        {
            Body = Invocation(message),
            ContentType = "application/json",
            Expect = ProbeExpectation.MustBeRefused,
        };
    }

    private static IEnumerable<Probe> PayloadVariants(ProbeContext context)
    {
        foreach (var prefix in (string[])["", "/api/conversations/%2e%2e/%2e%2e"])
        {
            foreach (var body in BadValues.BadJson.Concat(["{}", "{\"Data\":{}}", "{\"Data\":{\"message\":1},\"Metadata\":{}}",
                         "{\"Data\":{\"message\":\"x\"},\"Metadata\":{\"Id\":\"\",\"DequeueCount\":-1}}",
                         "{\"Data\":{\"message\":\"x\"},\"Metadata\":{\"Id\":\"m\",\"DequeueCount\":\"99999999999999999999\"}}"]))
            {
                yield return new Probe(Family, "invocation-payload", HttpMethod.Post, $"{prefix}/ApplyMarketplaceEvent")
                {
                    Body = Encoding.UTF8.GetBytes(body),
                    ContentType = "application/json",
                    Expect = ProbeExpectation.MustBeRefused,
                };
            }
        }
    }

    // Admin areas reached through a buyer's own conversation path: dot segments resolve before routing, so these are admin routes, and a buyer must get 403.
    private static IEnumerable<Probe> AdminThroughConversations(ProbeContext context)
    {
        var real = context.ConversationId;
        foreach (var target in (string[])["admin/held-messages", "admin/poison/marketplace-events", $"admin/conversations/{real}/audit", "inbox?role=seller&partyId=s-1&marketplace=amazon"])
        {
            foreach (var dots in (string[])["%2e%2e/%2e%2e", "../..", ".%2e/%2e.", "%2E%2E/%2E%2E", "%2e%2e%2f%2e%2e"])
            {
                yield return new Probe(Family, "admin-through-conversation", HttpMethod.Get, $"/api/conversations/{real}/{dots}/{target}")
                    .WithBearer(context.BuyerToken);
            }
        }

        yield return new Probe(Family, "admin-through-conversation", HttpMethod.Post, $"/api/conversations/{real}/%2e%2e/%2e%2e/admin/poison/marketplace-events/requeue-all")
            .WithBearer(context.SellerToken);
    }

    private static IEnumerable<Probe> Oddities(ProbeContext context)
    {
        string[] paths =
        [
            "/%", "/%zz", "/%u0041pi/inbox", "/%C0%AFapi/inbox", "/\\api\\inbox", "/api/inbox%00", "/api/inbox;jsessionid=x", "/*", "/api/*", "/api/inbox/",
            "/API/INBOX/%2e%2e/%2e%2e/ApplyMarketplaceEvent", "/docs/%2e%2e/%2e%2e/etc/passwd", "/openapi/v1.json/%2e%2e/%2e%2e/%2e%2e/ApplyMarketplaceEvent",
            "/" + string.Concat(Enumerable.Repeat("a/", 1000)), "/" + new string('p', 6000), "/api/conversations/" + string.Concat(Enumerable.Repeat("%2e%2e/", 200)),
            "/runtime/webhooks/durabletask/%2e%2e/%2e%2e/%2e%2e/api/admin/held-messages", "/api/inbox?%zz=1", "/api/inbox?a=%", "/api/inbox?cursor=%E0%A4%A",
        ];
        foreach (var path in paths)
        {
            yield return new Probe(Family, "odd-path", HttpMethod.Get, path) { Expect = ProbeExpectation.ServerMayReject }.WithBearer(context.BuyerToken);
        }

        foreach (var method in (string[])["GET", "PUT", "DELETE", "OPTIONS"])
        {
            yield return new Probe(Family, "route-method", new HttpMethod(method), "/ApplyMarketplaceEvent") { Expect = ProbeExpectation.MustBeRefused };
        }
    }

    private static string ForgedEvent(ProbeContext context)
    {
        var envelope = new JsonObject
        {
            ["id"] = "forged-" + Interlocked.Increment(ref s_forged).ToString(CultureInfo.InvariantCulture),
            ["type"] = "order.created",
            ["occurredAt"] = "2026-11-23T09:00:00Z",
            ["data"] = new JsonObject
            {
                ["orderId"] = "forged-order", ["buyerId"] = "forged-buyer", ["sellerId"] = context.SellerId, ["buyerLanguage"] = "en",
                ["placedAt"] = "2026-11-23T09:00:00Z",
                ["items"] = new JsonArray(new JsonObject { ["sku"] = "SKU-1", ["title"] = "Forged", ["quantity"] = 1 }),
            },
        };
        return new JsonObject
        {
            ["marketplace"] = context.Marketplace,
            ["receivedAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["envelope"] = envelope,
        }.ToJsonString();
    }

    private static byte[] Invocation(string message) => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["Data"] = new JsonObject { ["message"] = message },
        ["Metadata"] = new JsonObject { ["DequeueCount"] = 1, ["Id"] = "forged-" + Interlocked.Increment(ref s_forged).ToString(CultureInfo.InvariantCulture) },
    });
}
