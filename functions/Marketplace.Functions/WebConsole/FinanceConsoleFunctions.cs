using Marketplace.Functions.Refunds;
using Marketplace.Functions.Security;
using Marketplace.Storage.Refunds;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.WebConsole;

/// <summary>Finance's console pages: refunds waiting for approval, approve, reject with a reason. The refund API's own code decides.</summary>
[AllowAnonymous]
[ExcludeFromDescription]
internal sealed class FinanceConsoleFunctions(ConsoleSession session, RefundService service, RefundStore refunds, TimeProvider time)
{
    [Function("ConsoleRefunds")]
    public Task<IResult> Refunds(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/refunds")] HttpRequest request, CancellationToken cancellationToken) =>
        ConsoleRequests.SignedInAsync(request, session, caller => PageAsync(request, caller, null, cancellationToken));

    [Function("ConsoleApproveRefund")]
    public Task<IResult> Approve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/refunds/{id}/approve")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        ConsoleRequests.SignedInAsync(request, session, caller => DecideAsync(request, caller, id, approve: true, null, durable, cancellationToken));

    [Function("ConsoleRejectRefund")]
    public Task<IResult> Reject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/refunds/{id}/reject")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        ConsoleRequests.SignedInAsync(request, session, async caller =>
        {
            var reason = (await ConsoleRequests.FormAsync(request, cancellationToken).ConfigureAwait(false))["reason"].ToString();
            return await DecideAsync(request, caller, id, approve: false, reason, durable, cancellationToken).ConfigureAwait(false);
        });

    private async Task<IResult> DecideAsync(
        HttpRequest request, Caller caller, string id, bool approve, string? reason, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        if (caller.Role != CallerRole.Finance)
        {
            return FinanceOnly(caller);
        }

        var decided = (await Api().DecideAsync(request, id, approve, reason, durable, cancellationToken).ConfigureAwait(false)).Value!;
        var outcome = decided.State switch
        {
            "awaiting_approval" => $"approved by you: {decided.Approvers.Count} of {decided.RequiredApprovals} approvals, a second approver must approve too",
            _ => $"{(approve ? "approved" : "rejected")} (now {decided.State})",
        };
        return await PageAsync(request, caller, ConsoleHtml.Status($"Refund {decided.Id} {outcome}."), cancellationToken).ConfigureAwait(false);
    }

    private async Task<IResult> PageAsync(HttpRequest request, Caller caller, string? notice, CancellationToken cancellationToken)
    {
        if (caller.Role != CallerRole.Finance)
        {
            return FinanceOnly(caller);
        }

        var listed = await Api().ListPendingRefunds(request, cancellationToken).ConfigureAwait(false);
        return listed.Result switch
        {
            Ok<RefundPage> { Value: { } page } => ConsoleHtml.Page("Refunds awaiting approval", caller, RefundsHtml.Render(page.Items, notice, time.GetUtcNow())),
            ProblemHttpResult refused => ConsoleHtml.Page("Refunds awaiting approval", caller, ConsoleHtml.Alert(ConsoleRequests.Describe(refused)), refused.StatusCode),
            _ => throw new InvalidOperationException("The refund list answered something the console does not know."),
        };
    }

    // The refund API's functions, so the console lists and decides exactly as the API does (its visibility rule included).
    private RefundFunctions Api() => new(service, refunds);

    // The API's finance policy, for pages that call the API's code without its authorization attributes.
    private static IResult FinanceOnly(Caller caller) =>
        ConsoleHtml.Page("Refunds awaiting approval", caller, ConsoleHtml.Alert("Refunds are for finance: sign in with a finance token."), StatusCodes.Status403Forbidden);
}
