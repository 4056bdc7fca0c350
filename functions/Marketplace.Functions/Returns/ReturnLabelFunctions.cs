using Marketplace.Domain.Conversations;
using Marketplace.Functions.Claims;
using Marketplace.Functions.Errors;
using Marketplace.Functions.Messaging;
using Marketplace.Functions.Messaging.Api;
using Marketplace.Functions.Security;
using Marketplace.Storage.Returns;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Returns;

/// <summary>
/// A claim's return label: the buyer (and the seller, mediators, the marketplace's backend) downloads it; the marketplace
/// may post the label it bought from its carrier instead of ours.
/// </summary>
[Authorize]
[Tags("Claims")]
internal sealed class ReturnLabelFunctions(ClaimAccess access, ReturnLabels labels, ReturnLabelStore store, IOptions<ReturnOptions> options)
{
    public const string TrackingHeader = "X-Tracking-Number";

    [Function("GetReturnLabel")]
    [EndpointSummary("Download the claim's return label (PDF)")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetReturnLabel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/claims/{id}/return-label")] HttpRequest request, string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (stored, _) = await access.ReadAsync(CallerAccessor.Require(request.HttpContext), id, "read_return_label", cancellationToken).ConfigureAwait(false);
        if (ReturnLabels.Needed(stored.Claim.State))
        {
            // Normally made when the return was asked for; this finishes it if that step was interrupted.
            await labels.EnsureAsync(stored.Claim, cancellationToken).ConfigureAwait(false);
        }

        if (await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is not { } label)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "return_label_not_found", "Not found",
                $"Claim '{id}' has no return label: the seller has not asked for the item back.");
        }

        request.HttpContext.Response.Headers[TrackingHeader] = label.TrackingNumber;
        return TypedResults.File(label.Content, label.ContentType, $"return-label-{label.TrackingNumber}.pdf");
    }

    [Function("PutReturnLabel")]
    [EndpointSummary("Post the label the marketplace bought for the claim's return (marketplace backend; PDF body, X-Tracking-Number header)")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status413PayloadTooLarge)]
    [ProducesProblem(StatusCodes.Status415UnsupportedMediaType)]
    public async Task<Results<Ok<ReturnLabelView>, ProblemHttpResult>> PutReturnLabel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/claims/{id}/return-label")] HttpRequest request, string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = CallerAccessor.Require(request.HttpContext);
        var (stored, _) = await access.ReadAsync(caller, id, "post_return_label", cancellationToken).ConfigureAwait(false);
        if (caller.Role != CallerRole.Marketplace)
        {
            return Problems.Create(StatusCodes.Status403Forbidden, "return_label_marketplace_only", "Not allowed",
                "Only the marketplace's backend posts a return label it bought; buyers download the label from this URL.");
        }

        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), "application/pdf", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "return_label_not_pdf", "Type not allowed",
                "Send the label as the request body with Content-Type: application/pdf.");
        }

        var tracking = request.Headers[TrackingHeader].ToString();
        if (!Identifiers.IsValid(tracking))
        {
            return Problems.Validation(new Dictionary<string, string[]> { [TrackingHeader] = [$"Required: the carrier's tracking number ({Identifiers.Rule})."] });
        }

        var max = options.Value.MaxLabelBytes;
        var body = await RequestBody.ReadLimitedAsync(request, max, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "return_label_too_large", "Too large", $"A label may be at most {max} bytes.");
        }

        if (body.Length < 5 || !body.AsSpan(0, 5).SequenceEqual("%PDF-"u8))
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "return_label_not_pdf", "Type not allowed",
                "The body is not a PDF document (it must start with %PDF-).");
        }

        await store.SaveAsync(stored.Claim.Id, body, "application/pdf", tracking, "marketplace", replace: true, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new ReturnLabelView(stored.Claim.Id, tracking, "marketplace", body.Length));
    }
}

/// <summary>A stored return label: whose, its tracking number, who made it, and its size.</summary>
public sealed record ReturnLabelView(string ClaimId, string TrackingNumber, string Source, int SizeBytes);
