using Marketplace.Functions.Configuration;
using Marketplace.Functions.Outbound;
using Marketplace.Storage;
using Marketplace.Workflows.ReplyDeadlines;
using Marketplace.DurableHosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Deadlines;

/// <summary>Registers the reply-deadline workflow and what it needs from the app.</summary>
public static class DeadlineExtensions
{
    public static IEndpointRouteBuilder MapSellerApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api").RequireAuthorization().AddEndpointFilter<Messaging.Api.MessagingProblemFilter>();
        api.MapPost("/conversations/{id}/no-response-needed", SellerEndpoints.NoResponseNeededAsync).WithTags("Conversations").WithName("MarkNoResponseNeeded");
        var seller = api.MapGroup("/seller").WithTags("Seller");
        seller.MapGet("/deadlines", SellerEndpoints.ListDeadlinesAsync).WithName("ListMyDeadlines").WithSummary("My open reply deadlines, soonest first");
        seller.MapGet("/metrics", SellerEndpoints.MetricsAsync).WithName("GetMyResponseMetrics").WithSummary("Late response rate and response times over 7, 30 and 90 days");
        seller.MapGet("/settings", SellerEndpoints.GetSettingsAsync).WithName("GetMySellerSettings");
        seller.MapPut("/settings", SellerEndpoints.PutSettingsAsync).WithName("SetMySellerSettings");
        seller.MapGet("/vacations", SellerEndpoints.ListVacationsAsync).WithName("ListMyVacations");
        seller.MapPost("/vacations", SellerEndpoints.AddVacationAsync).WithName("AddVacation");
        seller.MapDelete("/vacations/{id}", SellerEndpoints.DeleteVacationAsync).WithName("DeleteVacation");
        return endpoints;
    }

    public static IServiceCollection AddReplyDeadlines(this IServiceCollection services)
    {
        services.AddSingleton<ReplyDeadlineStore>();
        services.AddSingleton<IDeadlineRecords, DeadlineRecords>();
        services.AddSingleton<ISellerWebhooks, SellerWebhooks>();
        services.AddSingleton<IConversationReplies, ConversationReplies>();
        services.AddSingleton<ReplyDeadlineStarter>();
        services.AddValidatedOptions<DeadlineOptions, DeadlineOptionsValidator>(DeadlineOptions.Section);
        services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        services.AddSingleton(sp => new WebhookDestinationPolicy(
            sp.GetRequiredService<IOptions<DeadlineOptions>>().Value.AllowLoopbackWebhooks, sp.GetRequiredService<IHostResolver>()));
        services.AddSingleton<VettedConnector>();
        // A typed client: each activity call gets a pooled handler; retries are the orchestration's (durable timers).
        // Sellers choose the URL, so it goes only where WebhookDestinationPolicy allows, checked at each connection;
        // no proxy (it would resolve the name itself) and no redirects (a 3xx could point anywhere: it is a failed delivery).
        services.AddHttpClient<NotifySellerActivity>(http => http.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                ConnectCallback = sp.GetRequiredService<VettedConnector>().ConnectAsync,
            })
            .AddHttpMessageHandler(sp => new WebhookUrlGuard(sp.GetRequiredService<WebhookDestinationPolicy>()));
        return services
            .AddOrchestrator<ReplyDeadlineOrchestrator>()
            .AddActivity<RecordDeadlineActivity>()
            .AddActivity<CheckReplyActivity>()
            .AddActivity<NotifySellerActivity>();
    }
}
