using Marketplace.Functions.Hosting;

namespace Marketplace.Functions.Tests.Hosting;

public sealed class FunctionRegistryTests
{
    [Fact]
    public void Create_QueueFunctionNamedLikeARouteSegment_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new FunctionRegistry(HttpFunctions.All, [new QueueFunctionDefinition("api", "q1")]));

        Assert.Contains("collides", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_DuplicateNames_Throws()
    {
        Assert.Throws<InvalidOperationException>(() =>
            new FunctionRegistry(HttpFunctions.All, [new QueueFunctionDefinition("Inbox", "q1")]));
    }

    [Fact]
    public void Create_TwoFunctionsOnOneQueue_Throws()
    {
        Assert.Throws<InvalidOperationException>(() =>
            new FunctionRegistry(HttpFunctions.All, [new QueueFunctionDefinition("A", "q1"), new QueueFunctionDefinition("B", "q1")]));
    }

    [Fact]
    public void Create_NameWithSlash_Throws()
    {
        Assert.Throws<InvalidOperationException>(() =>
            new FunctionRegistry(HttpFunctions.All, [new QueueFunctionDefinition("a/b", "q1")]));
    }

    [Fact]
    public void PoisonQueueName_IsTheHostsConvention()
    {
        Assert.Equal("orders-poison", new QueueFunctionDefinition("Orders", "orders").PoisonQueueName);
    }
}
