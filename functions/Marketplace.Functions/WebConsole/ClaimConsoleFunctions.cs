using System.Globalization;
using Marketplace.Domain.Claims;
using Marketplace.Domain.Profiles;
using Marketplace.Functions.Claims;
using Marketplace.Functions.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.WebConsole;

/// <summary>
/// Claims in the console (buyers, sellers, marketplaces): open claims with the time left, one claim with the actions the
/// state machine allows the reader now as buttons, and its timeline. Reads go through the claims API's functions; actions
/// through the same <see cref="ClaimService"/> the API calls.
/// </summary>
[AllowAnonymous]
[ExcludeFromDescription]
internal sealed class ClaimConsoleFunctions(ConsoleSession session, ClaimService service, MarketplaceProfiles profiles, TimeProvider time)
{
    [Function("ConsoleClaims")]
    public Task<IResult> Claims(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/claims")] HttpRequest request, CancellationToken cancellationToken) =>
        ConsoleRequests.SignedInAsync(request, session, async caller =>
        {
            var listed = await Api(request).ListClaims(request, cancellationToken).ConfigureAwait(false);
            return listed.Result switch
            {
                Ok<ClaimPage> { Value: { } page } => ConsoleHtml.Page("Open claims", caller, ClaimsHtml.List(page.Items, UrgentUnder(caller), time.GetUtcNow())),
                ProblemHttpResult refused => ConsoleHtml.Page("Open claims", caller, ConsoleHtml.Alert(ConsoleRequests.Describe(refused)), refused.StatusCode),
                _ => throw new InvalidOperationException("The claims list answered something the console does not know."),
            };
        });

    [Function("ConsoleClaim")]
    public Task<IResult> Claim(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/claims/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        ConsoleRequests.SignedInAsync(request, session, caller => DetailAsync(request, caller, id, null, cancellationToken));

    [Function("ConsoleActOnClaim")]
    public Task<IResult> Act(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/claims/{id}/act")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        ConsoleRequests.SignedInAsync(request, session, async caller =>
        {
            var form = await ConsoleRequests.FormAsync(request, cancellationToken).ConfigureAwait(false);
            var name = form["action"].ToString();
            // Only the actions a person can press here; the rest (open, expire, refund and return events) are the system's.
            var action = Enum.GetValues<ClaimAction>().Where(a => ClaimStateMachine.Name(a) == name).Select(a => (ClaimAction?)a).FirstOrDefault();
            if (action is null or ClaimAction.Open or ClaimAction.Expire or ClaimAction.RejectRefund or ClaimAction.RefundPaid or ClaimAction.ReturnDelivered)
            {
                return await DetailAsync(request, caller, id, ConsoleHtml.Alert($"'{name}' is not an action you can take here."), cancellationToken).ConfigureAwait(false);
            }

            decimal? amount = null;
            if (form["amount"].ToString().Trim() is { Length: > 0 } amountText)
            {
                if (!decimal.TryParse(amountText, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
                {
                    return await DetailAsync(request, caller, id, ConsoleHtml.Alert("The amount must be a number such as 12.50."), cancellationToken).ConfigureAwait(false);
                }

                amount = parsed;
            }

            var reason = form["reason"].ToString().Trim() is { Length: > 0 } given ? given : null;
            await service.ActAsync(caller, id, action.Value, new ClaimActionRequest(amount, reason), durable, cancellationToken).ConfigureAwait(false);
            return await DetailAsync(request, caller, id, ConsoleHtml.Status($"Done: {name.Replace('_', ' ')}."), cancellationToken).ConfigureAwait(false);
        });

    private async Task<IResult> DetailAsync(HttpRequest request, Caller caller, string id, string? notice, CancellationToken cancellationToken)
    {
        var api = Api(request);
        var claim = (await api.GetClaim(request, id, cancellationToken).ConfigureAwait(false)).Value!;
        var timeline = (await api.GetClaimTimeline(request, id, cancellationToken).ConfigureAwait(false)).Value!;
        return ConsoleHtml.Page($"Claim {claim.Id}", caller, ClaimsHtml.Detail(claim, timeline, UrgentUnder(caller), time.GetUtcNow(), notice));
    }

    // A claim's window turns red under its last reminder, as deadlines do.
    private TimeSpan UrgentUnder(Caller caller) =>
        caller.Marketplace is { } marketplace && profiles.Get(marketplace).Claims.ReminderOffsets is { Count: > 0 } offsets ? offsets.Min() : TimeSpan.Zero;

    // The claims API's functions, so the console reads exactly what the API shows this caller (access and audit included).
    private static ClaimFunctions Api(HttpRequest request) => ActivatorUtilities.CreateInstance<ClaimFunctions>(request.HttpContext.RequestServices);
}
