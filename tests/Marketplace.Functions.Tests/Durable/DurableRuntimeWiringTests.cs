using System.Net;
using Marketplace.Functions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serverless.DurableTask;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Durable;

[Collection(AzuriteCollection.Name)]
public sealed class DurableRuntimeWiringTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly TestAppFactory _app = new(azurite);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ManagementApi_AnswersWithTheSystemKey_NotABearerToken()
    {
        var key = _app.Services.GetRequiredService<IOptions<DurableTaskOptions>>().Value.SystemKey;
        using var client = _app.CreateClient();

        var withKey = await client.GetAsync($"/runtime/webhooks/durabletask/instances/nobody?code={Uri.EscapeDataString(key)}");
        var withoutKey = await client.GetAsync("/runtime/webhooks/durabletask/instances/nobody");

        Assert.Equal(HttpStatusCode.NotFound, withKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
    }

    [Theory]
    [InlineData("instances?continuationToken=garbage")]
    [InlineData("instances?continuationToken=9223372036854775807%7Cx")]
    [InlineData("deadletters?continuationToken=garbage")]
    [InlineData("instances?top=abc")]
    public async Task ManagementApi_QueryParameterNotOneItIssuedOrTakes_Is400Problem(string pathAndQuery)
    {
        var key = _app.Services.GetRequiredService<IOptions<DurableTaskOptions>>().Value.SystemKey;
        using var client = _app.CreateClient();

        var response = await client.GetAsync($"/runtime/webhooks/durabletask/{pathAndQuery}&code={Uri.EscapeDataString(key)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("%EF%BF%BF")]
    [InlineData("a%EF%BF%BF")]
    [InlineData("%00")]
    [InlineData("%2F%23%3F%27")]
    public async Task ManagementApi_InstanceIdPrefixOfAnyText_IsAnAnswerNotAStorageError(string prefix)
    {
        var key = _app.Services.GetRequiredService<IOptions<DurableTaskOptions>>().Value.SystemKey;
        using var client = _app.CreateClient();

        var response = await client.GetAsync($"/runtime/webhooks/durabletask/instances?instanceIdPrefix={prefix}&code={Uri.EscapeDataString(key)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void TaskHubQueues_AreQueueFunctions_ThatTheSelfHostedPollerLeavesToTheRuntime()
    {
        var registry = _app.Services.GetRequiredService<FunctionRegistry>();
        var durable = registry.Queue.Where(f => f.Name.StartsWith("Durable", StringComparison.Ordinal)).ToList();

        Assert.Equal(5, durable.Count); // 4 control queues + the work-item queue
        Assert.All(durable, f => Assert.False(f.SelfHostedPolling));
        Assert.Contains(durable, f => f.QueueName == $"{_app.NamePrefix}marketplacehub-workitems");
    }
}
