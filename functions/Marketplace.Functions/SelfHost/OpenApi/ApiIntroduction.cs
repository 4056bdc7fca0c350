namespace Marketplace.Functions.SelfHost.OpenApi;

/// <summary>The API description's title and introduction: what a new integrator reads first on the docs page.</summary>
internal static class ApiIntroduction
{
    public const string Title = "Marketplace messaging API";

    public const string Version = "1";

    public const string Description = """
        Order-scoped buyer–seller conversations for a marketplace: messages with attachments and read state, content
        policy, seller reply deadlines, claims. Marketplaces post signed webhooks; buyers, sellers, finance and admins
        call this API with bearer tokens.

        ## Getting a token

        Every operation except the webhook takes `Authorization: Bearer <JWT>`, signed HS256 by the issuer this
        deployment trusts (`Auth:Issuer`, `Auth:Audience`, `Auth:SigningKey`), with claims `role` (`marketplace`, `buyer`,
        `seller`, `finance` or `admin`, lower case), `sub` (the party id; for buyers and sellers the id the marketplace's
        webhooks use) and, for buyers, sellers and marketplaces, `marketplace` (its lowercase name, e.g. `amazon`).
        Locally: `TOKEN=$(scripts/token.sh seller seller-1 amazon)`, then paste it under Authentication.

        ## Signing a webhook

        `POST /api/webhooks/{marketplace}` with the envelope `{"id", "type", "occurredAt", "data"}` as the body and the
        header `X-Marketplace-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed with the secret
        you share with this deployment (`Messaging:WebhookSecrets:{marketplace}`). `t` must be within 5 minutes of now.
        For example, with bash and openssl:

            body='{"id":"evt-1","type":"order.shipped","occurredAt":"2026-12-01T10:00:00Z","data":{"orderId":"o-1"}}'
            t=$(date +%s)
            sig=$(printf '%s.%s' "$t" "$body" | openssl dgst -sha256 -hmac "$SECRET" -hex | sed 's/^.* //')
            curl -H "X-Marketplace-Signature: t=$t,v1=$sig" -H 'Content-Type: application/json' --data-binary "$body" \
              https://<host>/api/webhooks/amazon

        ## Conventions

        Lists are pages `{"items": [...], "nextCursor"}`: pass `nextCursor` back as `cursor` until it is null. Unknown
        query parameters are refused (400 `unknown_query_parameter`). Enums are lowercase names, times ISO 8601 with an
        offset, durations ISO 8601 (`PT5H30M`). Every error is an RFC 9457 problem document whose `type` is
        `https://errors.marketplace-messaging.dev/{code}`, with `code` and `traceId`; 503 `storage_unavailable` comes with
        `Retry-After`.
        """;
}
