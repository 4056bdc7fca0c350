using Marketplace.Functions.Errors;
using Marketplace.Functions.Security;
using Marketplace.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Functions.Messaging.Api;

/// <summary>A buyer's messaging preferences: opting out of unsolicited seller messages.</summary>
internal static class PreferencesEndpoints
{
    public static async Task<Results<Ok<BuyerPreferences>, ProblemHttpResult>> GetAsync(HttpContext http, PartySettingsStore settings, CancellationToken cancellationToken)
    {
        if (BuyerOf(http) is not { } buyer)
        {
            return BuyersOnly();
        }

        var optedOut = await settings.BuyerOptedOutAsync(buyer.Marketplace!, buyer.PartyId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new BuyerPreferences(optedOut));
    }

    public static async Task<Results<Ok<BuyerPreferences>, ProblemHttpResult>> PutAsync(BuyerPreferencesRequest? body, HttpContext http, PartySettingsStore settings, CancellationToken cancellationToken)
    {
        if (BuyerOf(http) is not { } buyer)
        {
            return BuyersOnly();
        }

        // A body without the field (or with a misspelt one) is refused: read as "false", it would silently opt the buyer in.
        if (body?.OptOutOfUnsolicitedMessages is not { } optOut)
        {
            return Problems.Validation(new Dictionary<string, string[]>
            {
                ["optOutOfUnsolicitedMessages"] = ["Required: send {\"optOutOfUnsolicitedMessages\": true|false}."],
            });
        }

        await settings.SetBuyerOptOutAsync(buyer.Marketplace!, buyer.PartyId, optOut, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new BuyerPreferences(optOut));
    }

    private static Caller? BuyerOf(HttpContext http) =>
        CallerAccessor.Require(http) is { Role: CallerRole.Buyer, Marketplace.Length: > 0 } buyer ? buyer : null;

    private static ProblemHttpResult BuyersOnly() =>
        Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "Not allowed", "Messaging preferences belong to buyers (with a marketplace claim).");
}

/// <summary>A buyer's change of messaging preferences: the field is required.</summary>
public sealed record BuyerPreferencesRequest(bool? OptOutOfUnsolicitedMessages);

/// <summary>A buyer's messaging preferences.</summary>
/// <param name="OptOutOfUnsolicitedMessages">Receive only critical seller messages and replies in conversations the buyer started.</param>
public sealed record BuyerPreferences(bool OptOutOfUnsolicitedMessages);
