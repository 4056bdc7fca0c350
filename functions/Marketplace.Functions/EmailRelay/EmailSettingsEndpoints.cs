using Marketplace.Functions.Errors;
using Marketplace.Functions.Messaging.Api;
using Marketplace.Functions.Security;
using Marketplace.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Marketplace.Functions.EmailRelay;

/// <summary>A buyer's or seller's email relay settings: registered addresses and email notifications.</summary>
internal static class EmailSettingsEndpoints
{
    public const int MaxAddresses = 5;
    private const int MaxAddressLength = 254;

    public static async Task<Results<Ok<EmailSettingsView>, ProblemHttpResult>> GetAsync(
        HttpContext http, PartySettingsStore settings, IOptions<EmailRelayOptions> options, CancellationToken cancellationToken)
    {
        if (PartyOf(http) is not { } party)
        {
            return PartiesOnly();
        }

        var email = await settings.GetEmailAsync(party.Marketplace!, RoleName(party), party.PartyId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new EmailSettingsView(email.Addresses, email.Notifications, options.Value.Enabled));
    }

    public static async Task<Results<Ok<EmailSettingsView>, ProblemHttpResult>> PutAsync(
        EmailSettingsRequest? body, HttpContext http, PartySettingsStore settings, IOptions<EmailRelayOptions> options, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (PartyOf(http) is not { } party)
        {
            return PartiesOnly();
        }

        var errors = new Dictionary<string, string[]>();
        var addresses = new List<string>();
        if (body?.Addresses is not { } given)
        {
            errors["addresses"] = ["Required: the addresses you write from, e.g. {\"addresses\": [\"me@example.com\"], \"notifications\": true} ([] for none)."];
        }
        else if (given.Count > MaxAddresses)
        {
            errors["addresses"] = [$"Has {given.Count} addresses; register at most {MaxAddresses}."];
        }
        else
        {
            foreach (var (address, i) in given.Select((a, i) => (a, i)))
            {
                if (Normalize(address, options.Value.Domain) is { } normal)
                {
                    addresses.Add(normal);
                }
                else
                {
                    errors[$"addresses[{i}]"] = ["Must be a plain email address (name@example.com, no display name), at most 254 characters, not a relay address."];
                }
            }
        }

        if (body?.Notifications is not { } notifications)
        {
            errors["notifications"] = ["Required: true to also get delivered messages by email, false not to."];
        }
        else if (notifications && body.Addresses is { Count: 0 })
        {
            errors["notifications"] = ["Register an address to get messages by email."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var role = RoleName(party);
        var before = await settings.GetEmailAsync(party.Marketplace!, role, party.PartyId, cancellationToken).ConfigureAwait(false);
        // Turning notifications on emails what is delivered from now on, not the conversation's history.
        var since = body!.Notifications == true ? before.Notifications ? before.NotificationsSince : time.GetUtcNow() : null;
        var saved = new PartyEmailSettings([.. addresses.Distinct(StringComparer.Ordinal)], body.Notifications == true, since);
        await settings.SetEmailAsync(party.Marketplace!, role, party.PartyId, saved, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new EmailSettingsView(saved.Addresses, saved.Notifications, options.Value.Enabled));
    }

    private static string? Normalize(string? address, string? relayDomain)
    {
        if (string.IsNullOrWhiteSpace(address) || address.Length > MaxAddressLength
            || !MailboxAddress.TryParse(address.Trim(), out var mailbox) || mailbox.Name is { Length: > 0 }
            || mailbox.Address.IndexOf('@', StringComparison.Ordinal) is var at && (at <= 0 || at == mailbox.Address.Length - 1)
            || !mailbox.Address.Contains('.', StringComparison.Ordinal))
        {
            return null;
        }

        var normal = mailbox.Address.ToLowerInvariant();
        return relayDomain is { Length: > 0 } && normal.EndsWith("@" + relayDomain.ToLowerInvariant(), StringComparison.Ordinal) ? null : normal;
    }

    private static Caller? PartyOf(HttpContext http) =>
        CallerAccessor.Require(http) is { Role: CallerRole.Buyer or CallerRole.Seller, Marketplace.Length: > 0 } party ? party : null;

    private static string RoleName(Caller party) => party.Role == CallerRole.Buyer ? "buyer" : "seller";

    private static ProblemHttpResult PartiesOnly() =>
        Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "Not allowed", "Email relay settings belong to buyers and sellers (with a marketplace claim).");
}
