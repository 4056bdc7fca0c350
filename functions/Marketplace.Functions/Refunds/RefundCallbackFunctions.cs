using System.Globalization;
using System.Text;
using Marketplace.Domain.Refunds;
using Marketplace.Functions.Errors;
using Marketplace.Functions.Hosting.Binding;
using Marketplace.Functions.Messaging.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Refunds;

/// <summary>
/// POST /api/refunds/{id}/callbacks/{approve|reject}?step&amp;expires&amp;sig: the URLs sent to finance in each approval
/// request. Anonymous as far as bearer tokens go: the URL's signature (its own key) authenticates it for that one refund,
/// action and approval step until it expires. Tampered or for the other action: 403; expired: 410; called again: the same answer.
/// </summary>
[AllowAnonymous]
[Tags("Refunds")]
internal sealed class RefundCallbackFunctions(
    RefundService service, IOptions<RefundOptions> options, TimeProvider time, ILogger<RefundCallbackFunctions> logger)
{
    [Function("RefundCallback")]
    [QueryParameter("step", typeof(int), "The approval step the URL is for (1, or 2 above the four-eyes amount), as in the URL we sent.")]
    [QueryParameter("expires", typeof(long), "When the URL expires (Unix seconds), as in the URL we sent.")]
    [QueryParameter("sig", typeof(string), "The URL's signature, as in the URL we sent.")]
    [EndpointSummary("Approve or reject a refund through a signed callback URL (finance system)")]
    [Consumes(typeof(RejectRefundRequest), "application/json", IsOptional = true)]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    [ProducesProblem(StatusCodes.Status410Gone)]
    public async Task<Results<Ok<RefundView>, ProblemHttpResult>> RefundCallback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/refunds/{id}/callbacks/{action}")] HttpRequest request, string id, string action,
        [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (action is not (RefundCallbackSignature.Approve or RefundCallbackSignature.Reject))
        {
            return Problems.Create(StatusCodes.Status404NotFound, "refund_callback_unknown", "Not found",
                $"'{action}' is not a refund callback; use the approve or reject URL from the approval request as it is.");
        }

        var key = options.Value.CallbackKey is { Length: > 0 } text ? Encoding.UTF8.GetBytes(text) : null;
        var stepText = RequestQuery.String(request, "step");
        var expiresText = RequestQuery.String(request, "expires");
        var check = key is not null
            && int.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out var step) && step is 1 or 2
            && long.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            ? RefundCallbackSignature.Check(key, id, action, step, expires, RequestQuery.String(request, "sig"), time.GetUtcNow())
            : CallbackCheck.Tampered;
        if (check != CallbackCheck.Valid)
        {
            RefundsLog.CallbackRefused(logger, id, action, check.ToString());
        }

        switch (check)
        {
            case CallbackCheck.Tampered:
                return Problems.Create(StatusCodes.Status403Forbidden, "refund_callback_invalid", "Not allowed",
                    "This callback URL's signature does not match it: use the URL from the approval request exactly as it was sent.");
            case CallbackCheck.WrongAction:
                return Problems.Create(StatusCodes.Status403Forbidden, "refund_callback_wrong_action", "Not allowed",
                    $"This URL's signature is for the other action, not '{action}': use the {action} URL from the approval request.");
            case CallbackCheck.Expired:
                return Problems.Create(StatusCodes.Status410Gone, "refund_callback_expired", "Gone",
                    $"This callback URL expired. Decide the refund through the finance API (POST /api/finance/refunds/{id}/{action}).");
        }

        var reason = action == RefundCallbackSignature.Reject
            ? (await JsonBody.ReadAsync<RejectRefundRequest>(request, cancellationToken).ConfigureAwait(false))?.Reason
            : null;
        var signedStep = int.Parse(stepText!, CultureInfo.InvariantCulture);
        var after = await service.DecideAsync(id, action == RefundCallbackSignature.Approve, RefundDecisions.CallbackApprover(signedStep), signedStep, reason,
            durable, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(RefundView.From(after));
    }
}
