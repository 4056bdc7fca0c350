using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.DurableHosting;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Durable;

/// <summary>
/// The Durable management API served by the app on the real engine (DurableTask.AzureStorage on Azurite): the routes,
/// status codes and system-key check the Functions host has, and a query that refuses what it cannot read.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DurableRuntimeWiringTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly TestAppFactory _app = new TestAppFactory(azurite)
        .WithSetting("DurableTask:MaxQueuePollingInterval", "00:00:00.200")
        .WithSetting("DurableTask:WorkerEnabled", "true")
        .WithServices(services => services.AddOrchestrator<WaitForGoOrchestrator>());

    private string _key = "";

    public Task InitializeAsync()
    {
        _key = _app.Services.GetRequiredService<IOptions<DurableHostingOptions>>().Value.SystemKey;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ManagementApi_AnswersWithTheSystemKey_NotABearerToken()
    {
        using var client = _app.CreateClient();

        var withKey = await client.GetAsync($"/runtime/webhooks/durabletask/instances/nobody?code={Uri.EscapeDataString(_key)}");
        var withoutKey = await client.GetAsync("/runtime/webhooks/durabletask/instances/nobody");
        var wrongKey = await client.GetAsync("/runtime/webhooks/durabletask/instances/nobody?code=" + new string('x', 48));

        Assert.Equal(HttpStatusCode.NotFound, withKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
    }

    [Theory]
    [InlineData("instances?continuationToken=garbage")]
    [InlineData("instances?continuationToken=9223372036854775807%7Cx")]
    [InlineData("instances?top=abc")]
    public async Task ManagementApi_QueryParameterNotOneItIssuedOrTakes_Is400Problem(string pathAndQuery)
    {
        using var client = _app.CreateClient();

        var response = await client.GetAsync($"/runtime/webhooks/durabletask/{pathAndQuery}&code={Uri.EscapeDataString(_key)}");

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
        using var client = _app.CreateClient();

        var response = await client.GetAsync($"/runtime/webhooks/durabletask/instances?instanceIdPrefix={prefix}&code={Uri.EscapeDataString(_key)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task InstanceLifecycle_StatusRaiseTerminatePurge_AnswerAsTheFunctionsHostDoes()
    {
        var durable = _app.Services.GetRequiredService<DurableTaskClient>();
        using var http = _app.CreateClient();
        http.DefaultRequestHeaders.Add("x-functions-key", _key);
        var first = await durable.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForGoOrchestrator), "a", new StartOrchestrationOptions("mgmt-1"));
        var second = await durable.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForGoOrchestrator), "b", new StartOrchestrationOptions("mgmt-2"));
        await durable.WaitForInstanceStartAsync(first);
        await durable.WaitForInstanceStartAsync(second);

        var running = await http.GetAsync($"/runtime/webhooks/durabletask/instances/{first}");
        Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
        Assert.Equal("Running", (await running.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runtimeStatus").GetString());

        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync($"/runtime/webhooks/durabletask/instances/{first}/raiseEvent/Go", "done")).StatusCode);
        var completed = await durable.WaitForInstanceCompletionAsync(first, getInputsAndOutputs: true);
        Assert.Equal("a:done", completed.ReadOutputAs<string>());
        var finished = await http.GetAsync($"/runtime/webhooks/durabletask/instances/{first}");
        Assert.Equal(HttpStatusCode.OK, finished.StatusCode);
        Assert.Equal("a:done", (await finished.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("output").GetString());
        Assert.Equal(HttpStatusCode.Gone, (await http.PostAsJsonAsync($"/runtime/webhooks/durabletask/instances/{first}/raiseEvent/Go", "again")).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/runtime/webhooks/durabletask/instances/{second}/terminate?reason=test", null)).StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await durable.WaitForInstanceCompletionAsync(second)).RuntimeStatus);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync($"/runtime/webhooks/durabletask/instances/{second}")).StatusCode);

        var purged = await http.DeleteAsync($"/runtime/webhooks/durabletask/instances/{first}");
        Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
        Assert.Equal(1, (await purged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instancesDeleted").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/runtime/webhooks/durabletask/instances/{first}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.DeleteAsync($"/runtime/webhooks/durabletask/instances/{first}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("/runtime/webhooks/durabletask/instances/nobody/terminate", null)).StatusCode);
    }

    [Fact]
    public async Task Query_PagesWithItsOwnContinuationTokens_AndRefusesWhatItCannotRead()
    {
        var durable = _app.Services.GetRequiredService<DurableTaskClient>();
        foreach (var id in new[] { "page-1", "page-2", "page-3" })
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForGoOrchestrator), id, new StartOrchestrationOptions(id));
        }

        using var http = _app.CreateClient();
        http.DefaultRequestHeaders.Add("x-functions-key", _key);
        var seen = new List<string>();
        string? token = null;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/runtime/webhooks/durabletask/instances?top=2&instanceIdPrefix=page-");
            if (token is not null)
            {
                request.Headers.Add("x-ms-continuation-token", token);
            }

            var page = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            seen.AddRange((await page.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(i => i.GetProperty("instanceId").GetString()!));
            token = page.Headers.TryGetValues("x-ms-continuation-token", out var values) ? values.Single() : null;
        }
        while (token is not null);
        Assert.Equal(["page-1", "page-2", "page-3"], seen.Order());

        foreach (var bad in new[]
        {
            "continuationToken=garbage", "continuationToken=eyJhIjoxfQ.AAAA", "top=0", "top=100000", "top=ten", "runtimeStatus=Nope",
            "runtimeStatus=4", "createdTimeFrom=yesterday", "showInput=maybe", "unknown=1",
        })
        {
            var response = await http.GetAsync("/runtime/webhooks/durabletask/instances?" + bad);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{bad}: {(int)response.StatusCode}");
            Assert.Contains("\"code\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    /// <summary>Waits for a "Go" event and returns its input joined with the event's payload.</summary>
    private sealed class WaitForGoOrchestrator : TaskOrchestrator<string, string>
    {
        public override async Task<string> RunAsync(TaskOrchestrationContext context, string input) =>
            $"{input}:{await context.WaitForExternalEvent<string>("Go")}";
    }
}
