using Marketplace.DurableHosting.Management;
using Marketplace.Functions.Durable;
using Marketplace.Functions.Errors;
using Marketplace.Functions.Hosting;
using Marketplace.Functions.Security;
using Marketplace.Functions.SelfHost.OpenApi;
using Scalar.AspNetCore;

namespace Marketplace.Functions.SelfHost;

/// <summary>
/// The self-host: what the Functions host does for the app, where no Functions host runs (the run script, the tests, a
/// container). It serves the HTTP functions on their routes, polls the queue functions' queues, runs the orchestrator and
/// activity functions on DurableTask.AzureStorage, and serves the Durable management API. Nothing else: the functions
/// are the app.
/// </summary>
public static class SelfHostExtensions
{
    public static WebApplicationBuilder AddSelfHost(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<BearerSecuritySchemeTransformer>();
            options.AddDocumentTransformer<DocumentTransformer>();
            options.AddOperationTransformer<OperationTransformer>();
            options.AddSchemaTransformer<SchemaTransformer>();
        });
        builder.Services.AddHostedService<QueuePoller>();
        builder.AddSelfHostedDurableRuntime();
        return builder;
    }

    public static WebApplication MapSelfHost(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UsePlatformErrors();
        app.UseCanonicalPaths();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHttpFunctions(app.Services.GetRequiredService<FunctionRegistry>());
        app.MapDurableManagement();
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/docs", options => options.WithTitle(ApiIntroduction.Title)).AllowAnonymous();
        return app;
    }
}
