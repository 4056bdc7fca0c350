using Marketplace.Domain.Webhooks;
using Marketplace.Functions.Errors;
using Marketplace.Functions.Hosting.Binding;
using Marketplace.Functions.Messaging;
using Marketplace.Functions.Security;
using Marketplace.Storage;
using Marketplace.Storage.Email;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.EmailRelay;

/// <summary>
/// The email relay's HTTP functions: a party's addresses and notifications (<c>/api/me/email</c>), admins' look-up and
/// revocation of aliases, and the signed inbound webhook an email provider posts raw MIME to (where no SMTP listener runs).
/// </summary>
[Authorize]
[Tags("Email relay")]
internal sealed class EmailRelayFunctions(
    PartySettingsStore settings, EmailAliasStore aliases, InboundMailGate gate, IOptions<EmailRelayOptions> options, TimeProvider time,
    ILogger<EmailRelayFunctions> logger)
{
    /// <summary>The header an email provider signs the inbound webhook with (the scheme of the marketplace webhooks).</summary>
    public const string SignatureHeader = "X-Email-Signature";

    /// <summary>The envelope recipients (comma-separated), when the provider gives them; otherwise the To and Cc headers.</summary>
    public const string EnvelopeToHeader = "X-Envelope-To";

    private static readonly string[] s_reasons = ["abuse", "conversation_closed"];

    [Function("GetMyEmailSettings")]
    [EndpointSummary("My email relay settings (buyers and sellers)")]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    public Task<Results<Ok<EmailSettingsView>, ProblemHttpResult>> GetMyEmailSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/me/email")] HttpRequest request, CancellationToken cancellationToken) =>
        EmailSettingsEndpoints.GetAsync(request.HttpContext, settings, options, cancellationToken);

    [Function("SetMyEmailSettings")]
    [EndpointSummary("Register the addresses I write from and turn email notifications on or off (buyers and sellers)")]
    [Consumes(typeof(EmailSettingsRequest), "application/json")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    public async Task<Results<Ok<EmailSettingsView>, ProblemHttpResult>> SetMyEmailSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/me/email")] HttpRequest request, CancellationToken cancellationToken) =>
        await EmailSettingsEndpoints.PutAsync(
            await JsonBody.ReadAsync<EmailSettingsRequest>(request, cancellationToken).ConfigureAwait(false), request.HttpContext, settings, options, time,
            cancellationToken).ConfigureAwait(false);

    [Function("GetEmailAlias")]
    [Authorize(Policy = AuthorizationPolicies.Admin)]
    [EndpointSummary("An email alias: its conversation, owner and revocation (admins)")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Results<Ok<EmailAliasView>, ProblemHttpResult>> GetEmailAlias(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/email/aliases/{alias}")] HttpRequest request, string alias,
        CancellationToken cancellationToken)
    {
        var found = await aliases.FindAsync(LocalPart(alias), cancellationToken).ConfigureAwait(false);
        return found is null ? AliasNotFound(alias) : TypedResults.Ok(EmailAliasView.From(found, options.Value.Domain ?? ""));
    }

    [Function("RevokeEmailAlias")]
    [Authorize(Policy = AuthorizationPolicies.Admin)]
    [EndpointSummary("Revoke an email alias: mail to it bounces with the reason (admins)")]
    [Consumes(typeof(RevokeAliasRequest), "application/json")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Results<Ok<EmailAliasView>, ProblemHttpResult>> RevokeEmailAlias(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/email/aliases/{alias}/revoke")] HttpRequest request, string alias,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<RevokeAliasRequest>(request, cancellationToken).ConfigureAwait(false);
        if (body?.Reason is not { } reason || !s_reasons.Contains(reason))
        {
            return ReasonRequired();
        }

        var revoked = await aliases.RevokeAsync(LocalPart(alias), reason, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (revoked is null)
        {
            return AliasNotFound(alias);
        }

        EmailRelayLog.Revoked(logger, revoked.ConversationId, revoked.Owner.ToString(), reason);
        return TypedResults.Ok(EmailAliasView.From(revoked, options.Value.Domain ?? ""));
    }

    [Function("RevokeConversationEmailAliases")]
    [Authorize(Policy = AuthorizationPolicies.Admin)]
    [EndpointSummary("Revoke both parties' email aliases of a conversation, e.g. when it is closed (admins)")]
    [Consumes(typeof(RevokeAliasRequest), "application/json")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public async Task<Results<Ok<EmailAliasView[]>, ProblemHttpResult>> RevokeConversationEmailAliases(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/conversations/{id}/email-aliases/revoke")] HttpRequest request, string id,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<RevokeAliasRequest>(request, cancellationToken).ConfigureAwait(false);
        if (body?.Reason is not { } reason || !s_reasons.Contains(reason))
        {
            return ReasonRequired();
        }

        await aliases.RevokeConversationAsync(id, reason, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var views = new List<EmailAliasView>();
        foreach (var role in new[] { Domain.Events.PartyRole.Buyer, Domain.Events.PartyRole.Seller })
        {
            if (await aliases.GetAsync(id, role, cancellationToken).ConfigureAwait(false) is { } alias)
            {
                EmailRelayLog.Revoked(logger, id, role.ToString(), reason);
                views.Add(EmailAliasView.From(alias, options.Value.Domain ?? ""));
            }
        }

        return TypedResults.Ok(views.ToArray());
    }

    [Function("ReceiveInboundEmail")]
    [AllowAnonymous]
    [EndpointSummary("Receive an email to a relay alias as raw MIME from an email provider, signed with the relay's inbound secret")]
    [RawBody("The email as received (RFC 5322 / MIME), signed: X-Email-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\"> with EmailRelay:InboundWebhookSecret; optional X-Envelope-To: the envelope recipients.")]
    [ProducesProblem(StatusCodes.Status401Unauthorized)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status413PayloadTooLarge)]
    [ProducesProblem(StatusCodes.Status422UnprocessableEntity)]
    public async Task<Results<Accepted<InboundEmailAccepted>, ProblemHttpResult>> ReceiveInboundEmail(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/email/inbound")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.Value;
        if (!settings.Enabled || settings.InboundWebhookSecret is not { Length: > 0 } secret)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "email_relay_off", "Email relay not configured",
                "This app takes no inbound email: set EmailRelay:Domain and EmailRelay:InboundWebhookSecret.");
        }

        var body = await RequestBody.ReadLimitedAsync(request, settings.MaxMessageBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "message_too_large", "Email too large", MailRefusal.TooLarge(settings.MaxMessageBytes).Reason);
        }

        if (WebhookSignature.Verify(request.Headers[SignatureHeader], body, secret, time.GetUtcNow(), WebhookSignature.DefaultTolerance) != SignatureCheck.Valid)
        {
            return Problems.Create(StatusCodes.Status401Unauthorized, "signature_invalid", "Signature refused",
                $"Sign each post: {SignatureHeader}: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\"> with the relay's inbound secret, within 5 minutes of our clock.");
        }

        var recipients = request.Headers[EnvelopeToHeader].ToString() is { Length: > 0 } envelope
            ? envelope.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : HeaderRecipients(body);
        var outcome = await gate.AcceptAsync(recipients, body, cancellationToken).ConfigureAwait(false);
        if (outcome.Refusal is { } refusal)
        {
            var problem = Problems.Create(StatusCodes.Status422UnprocessableEntity, refusal.Code, "Email refused", refusal.Reason);
            problem.ProblemDetails.Extensions["enhancedStatus"] = refusal.EnhancedStatus;
            return problem;
        }

        return TypedResults.Accepted((string?)null, new InboundEmailAccepted(outcome.IgnoredReason is null ? "accepted" : "ignored", outcome.Queued, outcome.IgnoredReason));
    }

    // Without the envelope, the relay's own addresses among To and Cc are the recipients.
    private string[] HeaderRecipients(byte[] body)
    {
        try
        {
            using var stream = new MemoryStream(body, writable: false);
            using var message = MimeKit.MimeMessage.Load(stream);
            return [.. message.To.Mailboxes.Concat(message.Cc.Mailboxes).Select(m => m.Address)
                .Where(a => a.EndsWith("@" + options.Value.Domain, StringComparison.OrdinalIgnoreCase))];
        }
        catch (FormatException)
        {
            return [];
        }
    }

    private static string LocalPart(string alias) => alias.Split('@')[0];

    private static ProblemHttpResult AliasNotFound(string alias) =>
        Problems.Create(StatusCodes.Status404NotFound, "alias_not_found", "Not found", $"No email alias '{alias}'.");

    private static ProblemHttpResult ReasonRequired() =>
        Problems.Validation(new Dictionary<string, string[]> { ["reason"] = [$"Required: one of {string.Join(", ", s_reasons)}."] });
}
