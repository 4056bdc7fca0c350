using Marketplace.Functions.Security;

namespace Marketplace.Functions.WebConsole;

/// <summary>Which console pages each role has, in the order the header lists them; the first is where sign-in leads.</summary>
internal static class ConsolePages
{
    public const string Inbox = "/console/inbox";
    public const string Held = "/console/held";
    public const string Refunds = "/console/refunds";
    public const string Claims = "/console/claims";
    public const string Seller = "/console/seller";
    public const string Poison = "/console/poison";
    public const string Home = "/console";

    public static IReadOnlyList<(string Href, string Label)> For(CallerRole role) => role switch
    {
        CallerRole.Seller => [(Inbox, "Inbox"), (Claims, "Claims"), (Seller, "Settings and metrics")],
        CallerRole.Buyer => [(Inbox, "Inbox"), (Claims, "Claims")],
        CallerRole.Marketplace => [(Claims, "Claims")],
        CallerRole.Admin => [(Held, "Held messages"), (Poison, "Poison queues")],
        CallerRole.Finance => [(Refunds, "Refunds")],
        _ => [],
    };
}
