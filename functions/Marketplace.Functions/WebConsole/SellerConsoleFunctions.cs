using System.Globalization;
using Marketplace.Functions.Deadlines;
using Marketplace.Functions.Outbound;
using Marketplace.Functions.Security;
using Marketplace.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;

namespace Marketplace.Functions.WebConsole;

/// <summary>A seller's settings in the console: response metrics over 7/30/90 days, reminder webhook and language, away periods; the seller API's code underneath.</summary>
[AllowAnonymous]
[ExcludeFromDescription]
internal sealed class SellerConsoleFunctions(
    ConsoleSession session, ReplyDeadlineStore deadlines, PartySettingsStore settings, WebhookDestinationPolicy destinations, TimeProvider time)
{
    [Function("ConsoleSellerSettings")]
    public Task<IResult> Settings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/seller")] HttpRequest request, CancellationToken cancellationToken) =>
        ConsoleRequests.SignedInAsync(request, session, caller => PageAsync(request.HttpContext, caller, null, StatusCodes.Status200OK, cancellationToken));

    [Function("ConsoleSaveSellerSettings")]
    public Task<IResult> SaveSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/seller/settings")] HttpRequest request, CancellationToken cancellationToken) =>
        ConsoleRequests.SignedInAsync(request, session, async caller =>
        {
            var form = await ConsoleRequests.FormAsync(request, cancellationToken).ConfigureAwait(false);
            var saved = await SellerEndpoints.PutSettingsAsync(
                new SellerSettingsRequest(Field(form, "reminderWebhookUrl"), Field(form, "reminderWebhookSecret"), Field(form, "language")),
                request.HttpContext, settings, destinations, cancellationToken).ConfigureAwait(false);
            return await OutcomeAsync(request.HttpContext, caller, saved.Result, "Settings saved.", cancellationToken).ConfigureAwait(false);
        });

    [Function("ConsoleAddVacation")]
    public Task<IResult> AddVacation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/seller/vacations")] HttpRequest request, CancellationToken cancellationToken) =>
        ConsoleRequests.SignedInAsync(request, session, async caller =>
        {
            var form = await ConsoleRequests.FormAsync(request, cancellationToken).ConfigureAwait(false);
            var added = await SellerEndpoints.AddVacationAsync(
                new VacationRequest(Utc(Field(form, "start")), Utc(Field(form, "end"))), request.HttpContext, settings, cancellationToken).ConfigureAwait(false);
            return await OutcomeAsync(request.HttpContext, caller, added.Result, "Away period added.", cancellationToken).ConfigureAwait(false);
        });

    [Function("ConsoleDeleteVacation")]
    public Task<IResult> DeleteVacation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/seller/vacations/{id}/delete")] HttpRequest request, string id,
        CancellationToken cancellationToken) =>
        ConsoleRequests.SignedInAsync(request, session, async caller =>
        {
            var deleted = await SellerEndpoints.DeleteVacationAsync(id, request.HttpContext, settings, cancellationToken).ConfigureAwait(false);
            return await OutcomeAsync(request.HttpContext, caller, deleted.Result, "Away period removed.", cancellationToken).ConfigureAwait(false);
        });

    private Task<IResult> OutcomeAsync(HttpContext http, Caller caller, IResult outcome, string done, CancellationToken cancellationToken) =>
        outcome is ProblemHttpResult refused
            ? PageAsync(http, caller, ConsoleHtml.Alert(ConsoleRequests.Describe(refused)), refused.StatusCode, cancellationToken)
            : PageAsync(http, caller, ConsoleHtml.Status(done), StatusCodes.Status200OK, cancellationToken);

    private async Task<IResult> PageAsync(HttpContext http, Caller caller, string? notice, int status, CancellationToken cancellationToken)
    {
        var metrics = await SellerEndpoints.MetricsAsync(http, deadlines, time, cancellationToken).ConfigureAwait(false);
        if (metrics.Result is not Ok<SellerMetricsView> { Value: { } windows })
        {
            return ConsoleHtml.Page("Seller settings", caller, ConsoleHtml.Alert(ConsoleRequests.Describe((ProblemHttpResult)metrics.Result)), StatusCodes.Status403Forbidden);
        }

        var current = ((Ok<SellerSettingsView>)(await SellerEndpoints.GetSettingsAsync(http, settings, cancellationToken).ConfigureAwait(false)).Result).Value!;
        var vacations = ((Ok<VacationPage>)(await SellerEndpoints.ListVacationsAsync(http, settings, 200, null, cancellationToken).ConfigureAwait(false)).Result).Value!;
        return ConsoleHtml.Page("Seller settings", caller, SellerSettingsHtml.Render(windows.Windows, current, vacations.Items, notice), status);
    }

    // An empty field is "not given", as a JSON body without the member would be.
    private static string? Field(IFormCollection form, string name) => form[name].ToString().Trim() is { Length: > 0 } value ? value : null;

    // datetime-local gives "2026-12-24T09:00" without an offset; the form says the times are UTC.
    private static DateTimeOffset? Utc(string? local) =>
        DateTime.TryParse(local, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? new DateTimeOffset(at, TimeSpan.Zero)
            : null;
}
