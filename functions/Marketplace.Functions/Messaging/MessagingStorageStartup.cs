using Marketplace.Storage;

namespace Marketplace.Functions.Messaging;

/// <summary>Creates the messaging tables, container and queue before the app takes requests.</summary>
internal sealed class MessagingStorageStartup(StorageInitializer initializer) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => initializer.EnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
