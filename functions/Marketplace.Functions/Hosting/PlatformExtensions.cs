using System.Reflection;
using Marketplace.Functions.Configuration;
using Marketplace.Functions.Errors;
using Marketplace.Functions.Security;
using Marketplace.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Marketplace.Functions.Hosting;

/// <summary>
/// The platform every feature plugs into, the same in the Functions worker and the self-host: settings, storage clients,
/// problem documents, bearer-token auth, the function registry and what queue functions share.
/// </summary>
public static class PlatformExtensions
{
    public static IHostApplicationBuilder AddPlatform(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddPlatformOptions();
        builder.AddStorageClients();
        builder.AddPlatformErrors();
        builder.AddPlatformSecurity();
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Add(AdminJsonContext.Default);
            Json.ApiJsonFormats.Apply(options.SerializerOptions);
        });

        builder.Services.AddSingleton(sp => FunctionRegistry.FromAssembly(Assembly.GetExecutingAssembly(), sp.GetRequiredService<StorageNames>()));
        builder.Services.AddSingleton<QueueFunctionInvoker>();
        builder.Services.AddSingleton<PoisonReasonStore>();
        builder.Services.AddSingleton<PoisonQueueAdmin>();
        return builder;
    }
}
