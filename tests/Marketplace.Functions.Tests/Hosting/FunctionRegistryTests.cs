using Marketplace.Functions.Hosting;
using Marketplace.Storage;

namespace Marketplace.Functions.Tests.Hosting;

public sealed class FunctionRegistryTests
{
    [Fact]
    public void FromAssembly_QueueFunctions_CarryTheAppsStoragePrefix()
    {
        var registry = FunctionRegistry.FromAssembly(typeof(FunctionRegistry).Assembly, new StorageNames("t42"));

        Assert.Equal(["t42-conversation-checks", "t42-email-notifications", "t42-event-deliveries", "t42-inbound-emails", "t42-marketplace-events", "t42-message-translations"], registry.Queue.Select(f => f.QueueName).Order(StringComparer.Ordinal));
        Assert.Equal("t42-marketplace-events", registry.FindByQueue("t42-marketplace-events")?.QueueName);
        Assert.Null(registry.FindByQueue("marketplace-events"));
    }

    [Fact]
    public void FromAssembly_HttpFunctions_KeepTheirRoutesAndUppercaseMethods()
    {
        var registry = FunctionRegistry.FromAssembly(typeof(FunctionRegistry).Assembly, new StorageNames());

        var send = Assert.Single(registry.Http, f => f.Name == "SendMessage");
        Assert.Equal("api/conversations/{id}/messages", send.Route);
        Assert.Equal(["POST"], send.Methods);
    }

    [Fact]
    public void PoisonQueueName_IsTheHostsConvention()
    {
        var registry = FunctionRegistry.FromAssembly(typeof(FunctionRegistry).Assembly, new StorageNames());

        Assert.Equal("marketplace-events-poison", registry.FindByQueue("marketplace-events")!.PoisonQueueName);
    }
}
