using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Marketplace.ContentPolicy;
using Marketplace.Domain.Profiles;
using Marketplace.Functions.Hosting;
using Marketplace.Functions.Messaging.Api;
using Marketplace.Functions.Messaging.Events;
using Marketplace.Functions.Messaging.Policy;
using Marketplace.Functions.Messaging.Webhooks;
using Marketplace.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Messaging;

/// <summary>Registers and maps the messaging core: webhooks in, conversations API, event application.</summary>
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
        services.AddSingleton(sp => new StorageNames(sp.GetRequiredService<IConfiguration>()["Storage:NamePrefix"]));

        services.AddSingleton<KeyedAsyncLock>();
        services.AddSingleton<ConversationStore>();
        services.AddSingleton<InboxProjector>();
        services.AddSingleton<AttachmentBlobStore>();
        services.AddSingleton<WebhookEventLog>();
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
        services.AddSingleton<IQueueFunction, ApplyMarketplaceEventFunction>();
        services.AddSingleton<IQueueFunction, CheckConversationFunction>();

        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, MessagingJsonContext.Default));
        return builder;
    }

    public static IEndpointRouteBuilder MapMessagingApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/api/webhooks/{marketplace}", WebhookEndpoint.HandleAsync)
            .AllowAnonymous() // Authenticated by the HMAC signature instead of a bearer token.
            .WithTags("Webhooks").WithName("ReceiveWebhook").WithSummary("Receive a signed marketplace event");

        var api = endpoints.MapGroup("/api").RequireAuthorization().AddEndpointFilter<MessagingProblemFilter>().WithTags("Conversations");
        api.MapGet("/inbox", InboxEndpoints.ListAsync).WithName("ListInbox").WithSummary("My conversations, newest first");
        api.MapGet("/conversations/{id}", ConversationEndpoints.GetAsync).WithName("GetConversation");
        api.MapPost("/conversations/{id}/read", ConversationEndpoints.MarkReadAsync).WithName("MarkConversationRead");
        api.MapGet("/conversations/{id}/messages", MessageEndpoints.ListAsync).WithName("ListMessages");
        api.MapGet("/conversations/{id}/messages/{messageId:long}", MessageEndpoints.GetAsync).WithName("GetMessage");
        api.MapPost("/conversations/{id}/messages", MessageEndpoints.SendAsync).WithName("SendMessage");
        // Any Content-Type is accepted on purpose: the type is decided from the bytes, never from what the client says.
        api.MapPost("/conversations/{id}/attachments", AttachmentEndpoints.UploadAsync).WithName("UploadAttachment")
            .WithSummary("Upload a file (the raw bytes as the body, ?fileName=…); send its id with a message").DisableAntiforgery();
        api.MapGet("/conversations/{id}/attachments/{attachmentId}", AttachmentEndpoints.DownloadAsync).WithName("DownloadAttachment");
        api.MapGet("/me/preferences", PreferencesEndpoints.GetAsync).WithName("GetMyPreferences");
        api.MapPut("/me/preferences", PreferencesEndpoints.PutAsync).WithName("SetMyPreferences");

        var admin = api.MapGroup("/admin").WithTags("Admin");
        admin.MapGet("/conversations/{id}/audit", ConversationEndpoints.AuditAsync).WithName("ListConversationAudit");
        admin.MapGet("/held-messages", ModerationEndpoints.ListHeldAsync).WithName("ListHeldMessages");
        admin.MapPost("/conversations/{id}/messages/{messageId:long}/approve", ModerationEndpoints.ApproveAsync).WithName("ApproveHeldMessage");
        admin.MapPost("/conversations/{id}/messages/{messageId:long}/reject", ModerationEndpoints.RejectAsync).WithName("RejectHeldMessage");
        return endpoints;
    }
}
