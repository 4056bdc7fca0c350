using Marketplace.Functions.Configuration;
using Marketplace.Storage.Email;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.EmailRelay;

/// <summary>Registers the email relay: aliases, inbound gate and processing, outbound composition and transport.</summary>
public static class EmailRelayExtensions
{
    public static IServiceCollection AddEmailRelay(this IServiceCollection services)
    {
        services.AddValidatedOptions<EmailRelayOptions, EmailRelayOptionsValidator>(EmailRelayOptions.Section);
        services.AddSingleton<EmailAliasStore>();
        services.AddSingleton<InboundMailGate>();
        services.AddSingleton<InboundEmailProcessor>();
        services.AddSingleton<EmailNotifications>();
        services.AddSingleton<RelayEmailComposer>();
        services.AddSingleton<ConversationMailer>();
        services.AddSingleton<IRelayMailTransport>(sp => string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<EmailRelayOptions>>().Value.SmtpHost)
            ? ActivatorUtilities.CreateInstance<PickupDirectoryMailTransport>(sp)
            : ActivatorUtilities.CreateInstance<SmtpRelayMailTransport>(sp));
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, EmailRelayJsonContext.Default));
        return services;
    }

    /// <summary>The self-host's SMTP listener (idle unless <c>EmailRelay:ListenPort</c> is set); not in the Functions worker.</summary>
    public static IServiceCollection AddSmtpRelayListener(this IServiceCollection services) =>
        services.AddHostedService<SmtpRelayListener>();
}
