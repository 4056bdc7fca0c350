using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Configuration;

/// <summary>Binds and validates the platform's options and registers the storage clients built from them.</summary>
public static class ConfigurationExtensions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to <paramref name="section"/>, validates it with
    /// <typeparamref name="TValidator"/> and data annotations, and fails start-up when it is invalid.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        return services.AddOptions<TOptions>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
    }

    internal static IHostApplicationBuilder AddPlatformOptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<StorageOptions, StorageOptionsValidator>(StorageOptions.Section);
        builder.Services.AddValidatedOptions<AuthOptions, AuthOptionsValidator>(AuthOptions.Section);
        builder.Services.AddValidatedOptions<HostingOptions, HostingOptionsValidator>(HostingOptions.Section);
        return builder;
    }

    /// <summary>
    /// Table, blob and queue service clients as singletons. Queue messages are base64-encoded: what the
    /// Functions host's queue trigger expects by default (host.json messageEncoding "base64").
    /// </summary>
    internal static IHostApplicationBuilder AddStorageClients(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var clientOptions = WithRetries(new TableClientOptions(), options);
            return options.AccountName is { Length: > 0 } account
                ? new TableServiceClient(ServiceUri(account, "table"), Credential(sp), clientOptions)
                : new TableServiceClient(options.ConnectionString, clientOptions);
        });
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var clientOptions = WithRetries(new BlobClientOptions(), options);
            return options.AccountName is { Length: > 0 } account
                ? new BlobServiceClient(ServiceUri(account, "blob"), Credential(sp), clientOptions)
                : new BlobServiceClient(options.ConnectionString, clientOptions);
        });
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var clientOptions = WithRetries(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }, options);
            return options.AccountName is { Length: > 0 } account
                ? new QueueServiceClient(ServiceUri(account, "queue"), Credential(sp), clientOptions)
                : new QueueServiceClient(options.ConnectionString, clientOptions);
        });
        builder.Services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        return builder;
    }

    private static TClientOptions WithRetries<TClientOptions>(TClientOptions clientOptions, StorageOptions options)
        where TClientOptions : ClientOptions
    {
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = options.RetryDelay;
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        clientOptions.Retry.NetworkTimeout = options.TryTimeout;
        return clientOptions;
    }

    private static Uri ServiceUri(string account, string service) => new($"https://{account}.{service}.core.windows.net");

    private static TokenCredential Credential(IServiceProvider services) => services.GetRequiredService<TokenCredential>();
}
