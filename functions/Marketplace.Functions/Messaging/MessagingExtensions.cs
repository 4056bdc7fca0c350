using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Marketplace.ContentPolicy;
using Marketplace.Domain.Profiles;
using Marketplace.Functions.Configuration;
using Marketplace.Functions.EmailRelay;
using Marketplace.Functions.Messaging.Api;
using Marketplace.Functions.Messaging.Events;
using Marketplace.Functions.Messaging.Policy;
using Marketplace.Functions.Messaging.Webhooks;
using Marketplace.Functions.Templates;
using Marketplace.Functions.Translation;
using Marketplace.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Messaging;

/// <summary>Registers the messaging core: webhooks in, conversations API, event application.</summary>
public static class MessagingExtensions
{
    public static IHostApplicationBuilder AddMessaging(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<MessagingOptions>()
            .BindConfiguration(MessagingOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) =>
            {
                MarketplaceProfileBinding.Apply(options, configuration.GetSection($"{MessagingOptions.Section}:{nameof(MessagingOptions.Profiles)}"));
                MarketplaceProfileBinding.LowercaseNames(options.WebhookSecrets);
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<MessagingOptions>, MessagingOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new MarketplaceProfiles(sp.GetRequiredService<IOptions<MessagingOptions>>().Value.Profiles));
        services.AddSingleton(sp => new StorageNames(sp.GetRequiredService<IOptions<StorageOptions>>().Value.NamePrefix));

        services.AddSingleton<KeyedAsyncLock>();
        services.AddSingleton(typeof(LastCommitted<>));
        services.AddSingleton<ConversationStore>();
        services.AddSingleton<InboxProjector>();
        services.AddSingleton<AttachmentBlobStore>();
        services.AddSingleton<WebhookEventLog>();
        services.AddSingleton<WebhookIntake>();
        services.AddSingleton<AdminAuditLog>();
        services.AddSingleton<HeldMessageIndex>();
        services.AddSingleton<PartySettingsStore>();
        services.AddSingleton<StorageInitializer>();
        services.AddHostedService<MessagingStorageStartup>();

        services.AddOptions<ContentPolicyOptions>().BindConfiguration(ContentPolicyOptionsValidator.Section)
            .PostConfigure(options => MarketplaceProfileBinding.LowercaseNames(options.Profiles))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ContentPolicyOptions>, ContentPolicyOptionsValidator>();
        services.AddSingleton(sp => new ContentPolicyEngine(sp.GetRequiredService<IOptions<ContentPolicyOptions>>().Value));
        services.AddSingleton<MessageScreening>();
        services.AddSingleton<ConversationEvents>();
        services.AddSingleton<MarketplaceEventApplier>();
        services.AddSingleton<ConversationAccess>();
        services.AddSingleton<ModerationDecisions>();
        services.AddSingleton<ConversationChecks>();

        services.AddTranslation();
        services.AddTemplates();
        services.AddEmailRelay();

        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, MessagingJsonContext.Default));
        return builder;
    }
}
