using Marketplace.Functions.Configuration;
using Marketplace.Functions.Errors;
using Marketplace.Functions.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace Marketplace.Functions.Hosting;

/// <summary>The platform every feature plugs into: settings, storage clients, errors, auth, OpenAPI, queue-function hosting.</summary>
public static class PlatformExtensions
{
    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddPlatformOptions();
        builder.AddStorageClients();
        builder.AddPlatformErrors();
        builder.AddPlatformSecurity();
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer<BearerSecuritySchemeTransformer>());
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Add(AdminJsonContext.Default));

        builder.Services.AddSingleton(FunctionRegistry.FromServices);
        builder.Services.AddSingleton<QueueFunctionInvoker>();
        builder.Services.AddSingleton<PoisonReasonStore>();
        builder.Services.AddSingleton<PoisonQueueAdmin>();
        builder.Services.AddHostedService<QueuePoller>();

        // As a custom handler, the Functions host tells the app which local port to serve on.
        if (builder.Configuration[HostingOptions.CustomHandlerPortVariable] is { Length: > 0 } port)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenLocalhost(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture)));
        }

        return builder;
    }

    public static WebApplication MapPlatform(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UsePlatformErrors();
        app.UseCanonicalPaths();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/docs", options => options.WithTitle("Marketplace messaging API")).AllowAnonymous();
        // Only the Functions host invokes queue functions over HTTP; self-hosted, the poller calls them in process.
        var hosting = app.Services.GetRequiredService<IOptions<HostingOptions>>().Value;
        if (hosting.EffectiveMode(app.Configuration[HostingOptions.CustomHandlerPortVariable]) == HostingMode.CustomHandler)
        {
            app.MapQueueFunctionInvocations(app.Services.GetRequiredService<FunctionRegistry>());
        }

        app.MapPoisonAdmin();
        return app;
    }
}
