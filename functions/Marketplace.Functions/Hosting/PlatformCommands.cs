using System.Globalization;
using Marketplace.Domain.Profiles;
using Marketplace.Functions.Messaging;
using Marketplace.Functions.Security;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Hosting;

/// <summary>
/// Sub-commands that use the app's settings and services, then exit without starting the server:
/// <c>token &lt;role&gt; &lt;partyId&gt; [marketplace] [--minutes N]</c> prints a signed bearer token.
/// </summary>
public static class PlatformCommands
{
    public const string Token = "token";

    public static bool IsCommand(string[] args) => args is [Token, ..];

    /// <summary>The arguments the host's configuration should see: none of a sub-command's own.</summary>
    public static string[] HostArguments(string[] args) => IsCommand(args) ? [] : args;

    public static int Run(WebApplication app, string[] args)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(args);
        args = args[1..];
        var positional = new List<string>();
        double? minutes = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--minutes" && i + 1 < args.Length
                && double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0)
            {
                minutes = value;
                i++;
            }
            else
            {
                positional.Add(args[i]);
            }
        }

        if (positional.Count is < 2 or > 3 || !CallerRoles.TryParse(positional[0], out var role))
        {
            Console.Error.WriteLine("usage: token <marketplace|buyer|seller|finance|admin> <partyId> [marketplace] [--minutes N]");
            return 2;
        }

        if (positional.Count == 3 && !MarketplaceNames.IsCanonical(positional[2]))
        {
            Console.Error.WriteLine($"token: the marketplace must be {MarketplaceNames.Rule} (e.g. amazon); the app refuses any other spelling.");
            return 2;
        }

        var configured = app.Services.GetRequiredService<IOptions<MessagingOptions>>().Value.WebhookSecrets.Keys;
        if (positional.Count == 3 && !configured.Contains(positional[2], StringComparer.Ordinal))
        {
            Console.Error.WriteLine($"token: '{positional[2]}' is not a marketplace this app knows; configured (Messaging:WebhookSecrets): {string.Join(", ", configured.Order(StringComparer.Ordinal))}.");
            return 2;
        }

        var issuer = app.Services.GetRequiredService<TokenIssuer>();
        var caller = new Caller(role, positional[1], positional.Count == 3 ? positional[2] : null);
        Console.Out.WriteLine(issuer.Issue(caller, minutes is { } m ? TimeSpan.FromMinutes(m) : null));
        return 0;
    }
}
