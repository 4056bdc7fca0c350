using System.Text.Json.Nodes;

namespace Marketplace.BadInput.Families;

/// <summary>
/// Forged bearer tokens: alg "none", the wrong key, algorithm confusion, expired or not yet valid, wrong issuer or
/// audience, role claims that are not a role ("4", "buyer,seller", "ADMIN"), embedded keys, and things that are not
/// JWTs at all. Every one must be refused (401/403): a 2xx means the app was fooled.
/// </summary>
public static class TokenProbes
{
    public const string Family = "token";

    private static readonly string[] s_badRoles =
    [
        "4", "0", "3", "-1", "1.0", "0x4", "04", " 4", "buyer,seller", "seller,buyer", "Buyer, Admin", "admin,buyer", "ADMIN", "Admin", "aDmIn", "admin ",
        " admin", "admin\u0000", "admin\n", "administrator", "", " ", "root", "Finance", "BUYER", "buyer\u200b", "\u0430dmin", "None", "*",
    ];

    public static IEnumerable<Probe> Generate(ProbeContext context, Random random)
    {
        var targets = Targets(context);
        return ProbeStreams.Interleave(
        [
            from token in Forgeries(context)
            from target in targets
            select token.MustBeRefused ? Refused(target, token.Kind, token.Token) : target.WithBearer(token.Token) with { Kind = token.Kind },
        ],
        () => RandomForgery(context, targets, random));
    }

    // Each forgery, and whether it must be refused: a token signed with our key whose claims are merely odd (a
    // numeric subject, an expiry written as a string) need not be, but must not break anything either.
    private static IEnumerable<(string Kind, string Token, bool MustBeRefused)> Forgeries(ProbeContext context) =>
        Tokens(context).Select(t => (t.Kind, t.Token, !t.Kind.StartsWith("odd-", StringComparison.Ordinal)));

    private static IEnumerable<(string Kind, string Token)> Tokens(ProbeContext context)
    {
        var mint = context.Tokens;
        var buyer = mint.Claims("buyer", context.BuyerId, context.Marketplace);
        var admin = mint.Claims("admin", "admin-1", null);

        foreach (var alg in (string[])["none", "None", "NONE", "nOnE"])
        {
            yield return ("alg-none", TokenMint.WithoutSignature(TokenMint.Header(alg), admin) + ".");
            yield return ("alg-none", TokenMint.WithoutSignature(TokenMint.Header(alg), admin));
            yield return ("alg-none", mint.Sign(TokenMint.Header(alg), admin));
        }

        yield return ("alg-missing", mint.Sign(new JsonObject { ["typ"] = "JWT" }, admin));
        foreach (var alg in (string[])["RS256", "ES256", "PS256", "HS1", "dir", "A128KW", ""])
        {
            yield return ("alg-confusion", mint.Sign(TokenMint.Header(alg), admin));
        }

        foreach (var key in (string[])["wrong-signing-key-0123456789-0123456789", "", mint.SigningKey.ToUpperInvariant(), mint.SigningKey[..^1] + "X",
                     context.Secret, context.SystemKey])
        {
            yield return ("wrong-key", mint.Sign(TokenMint.Header(), admin, key));
            yield return ("wrong-key", mint.Sign(TokenMint.Header(), buyer, key));
        }

        var now = DateTimeOffset.UtcNow;
        yield return ("expired", mint.Sign(TokenMint.Header(), mint.Claims("buyer", context.BuyerId, context.Marketplace, now.AddHours(-2), now.AddHours(-1))));
        yield return ("expired", mint.Sign(TokenMint.Header(), mint.Claims("buyer", context.BuyerId, context.Marketplace, now.AddHours(-2), now.AddMinutes(-2))));
        yield return ("expired", mint.Sign(TokenMint.Header(), mint.Claims("admin", "admin-1", null, now.AddYears(-30), now.AddYears(-29))));
        yield return ("not-yet-valid", mint.Sign(TokenMint.Header(), mint.Claims("buyer", context.BuyerId, context.Marketplace, now.AddHours(1), now.AddHours(2))));
        foreach (var (claim, value) in ((string, JsonNode?)[])
                 [("exp", 0), ("exp", -1), ("exp", null), ("nbf", 99999999999), ("iss", "someone-else"), ("iss", null), ("iss", ""), ("aud", "someone-else"),
                  ("aud", new JsonArray("x", "y")), ("aud", null), ("aud", "")])
        {
            var claims = (JsonObject)buyer.DeepClone();
            claims[claim] = value?.DeepClone();
            yield return ("bad-" + claim, mint.Sign(TokenMint.Header(), claims));
        }

        foreach (var (claim, value) in ((string, JsonNode?)[])
                 [("exp", "9999999999"), ("exp", 1e20), ("exp", new JsonArray()), ("exp", 1.5e9), ("nbf", "x"), ("iat", "x"), ("iat", -1e30), ("sub", 5),
                  ("sub", new JsonArray("b-1", "b-2")), ("marketplace", "AMAZON"), ("marketplace", ""), ("marketplace", new JsonArray("amazon", "ebay")),
                  ("marketplace", "..%2f"), ("sub", new string('s', 5000))])
        {
            var claims = (JsonObject)buyer.DeepClone();
            claims[claim] = value?.DeepClone();
            yield return ("odd-" + claim, mint.Sign(TokenMint.Header(), claims));
        }

        foreach (var claim in (string[])["exp", "iss", "aud", "role", "sub"])
        {
            var claims = (JsonObject)buyer.DeepClone();
            claims.Remove(claim);
            yield return ("missing-" + claim, mint.Sign(TokenMint.Header(), claims));
        }

        foreach (var role in s_badRoles)
        {
            yield return ("bad-role", mint.Sign(TokenMint.Header(), mint.Claims(role, "admin-1", context.Marketplace)));
        }

        foreach (var role in (JsonNode?[])[4, 0, true, null, new JsonArray("admin", "buyer"), new JsonArray("buyer", "admin"), new JsonArray(), new JsonObject { ["r"] = "admin" }])
        {
            var claims = mint.Claims("x", "admin-1", context.Marketplace);
            claims["role"] = role;
            yield return ("bad-role-type", mint.Sign(TokenMint.Header(), claims));
        }

        foreach (var subject in (JsonNode?[])["", " ", null])
        {
            var claims = (JsonObject)buyer.DeepClone();
            claims["sub"] = subject;
            yield return ("bad-sub", mint.Sign(TokenMint.Header(), claims));
        }

        // Header tricks: an embedded key signed by the attacker, remote key URLs, a key id that is a path, unknown critical extensions.
        var attackerKey = "attacker-controlled-key-0123456789abcdef";
        var embedded = TokenMint.Header();
        embedded["jwk"] = new JsonObject { ["kty"] = "oct", ["k"] = BadValues.Base64(attackerKey) };
        yield return ("embedded-jwk", mint.Sign(embedded, admin, attackerKey));
        foreach (var (name, value) in ((string, string)[])
                 [("jku", "https://evil.example/jwks.json"), ("x5u", "https://evil.example/cert.pem"), ("kid", "../../../../dev/null"), ("kid", "' or '1'='1")])
        {
            var header = TokenMint.Header();
            header[name] = value;
            yield return ("header-" + name, mint.Sign(header, admin, attackerKey));
        }

        var critical = TokenMint.Header();
        critical["crit"] = new JsonArray("exp-ext");
        critical["exp-ext"] = true;
        yield return ("header-crit", mint.Sign(critical, admin, attackerKey));

        // Not JWTs.
        foreach (var token in (string[])["abc", "a.b", "a.b.c", "a.b.c.d.e", "....", ".", "e30.e30.", "e30.e30.e30", "!!!.e30.sig", "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.sig",
                     TokenMint.Encode("[1]") + "." + TokenMint.Encode("[]") + ".x", TokenMint.Encode("{\"alg\":\"HS256\"}") + "." + TokenMint.Encode("\"str\"") + ".x",
                     new string('a', 10_000) + ".b.c", "null", "%00", "Bearer", mint.Valid("buyer", context.BuyerId, context.Marketplace)[..^4] + "AAAA",
                     mint.Valid("admin", "admin-1", null) + "x", mint.Valid("admin", "admin-1", null).Replace('.', ',')])
        {
            yield return ("not-a-jwt", token);
        }
    }

    // Endpoints that need a caller: a buyer's inbox, the seeded conversation, the admin's held messages, a seller's settings.
    private static IReadOnlyList<Probe> Targets(ProbeContext context) =>
    [
        new(Family, "", HttpMethod.Get, "/api/inbox"),
        new(Family, "", HttpMethod.Get, $"/api/conversations/{context.ConversationId}"),
        new(Family, "", HttpMethod.Get, "/api/admin/held-messages"),
        new(Family, "", HttpMethod.Get, "/api/seller/settings"),
        new(Family, "", HttpMethod.Get, "/api/admin/poison/marketplace-events"),
    ];

    private static Probe RandomForgery(ProbeContext context, IReadOnlyList<Probe> targets, Random random)
    {
        var target = random.Pick(targets);
        var claims = context.Tokens.Claims(random.Pick(s_badRoles), random.Next(2) == 0 ? "admin-1" : context.BuyerId, context.Marketplace);
        return random.Next(4) switch
        {
            0 => Refused(target, "random-bad-role", context.Tokens.Sign(TokenMint.Header(), claims)),
            1 => Refused(target, "random-wrong-key", context.Tokens.Sign(TokenMint.Header(), claims, "k" + random.Next())),
            2 => Refused(target, "random-alg-none", TokenMint.WithoutSignature(TokenMint.Header(random.Pick((string[])["none", "None", "RS256"])), claims) + "."),
            _ => Refused(target, "random-scheme", context.Tokens.Valid("admin", "admin-1", null)) with
            {
                Headers = [new("Authorization", random.Pick((string[])["Basic ", "Token ", "Bearer\t", "Bearer:", "JWT ", "Beare "]) + context.Tokens.Valid("admin", "admin-1", null))],
            },
        };
    }

    private static Probe Refused(Probe target, string kind, string token) =>
        target.WithBearer(token) with { Kind = kind, Expect = ProbeExpectation.MustBeRefused };
}
