using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Serverless.DurableTask.Tests.Conformance.Workflows;

namespace Serverless.DurableTask.Tests.Management;

public sealed class ManagementApiTests
{
    private const string Instances = "/runtime/webhooks/durabletask/instances";
    private static readonly string Key = $"code={ManagementApiHost.SystemKey}";

    [Fact]
    public async Task GetStatus_ByLifecycle_ReturnsDurableFunctionsStatusCodes()
    {
        await using var host = await ManagementApiHost.StartAsync();
        string running = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CustomStatusOrchestrator));
        string completed = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CustomStatusOrchestrator));
        string failed = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ChildOrchestrator), "fail");
        string terminated = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CustomStatusOrchestrator));
        await host.RunUntilIdleAsync();
        await host.Client.RaiseEventAsync(completed, "go", "done");
        await host.Client.TerminateInstanceAsync(terminated, "stop");
        await host.RunUntilIdleAsync();

        using var runningResponse = await host.Http.GetAsync($"{Instances}/{running}?{Key}");
        using var completedResponse = await host.Http.GetAsync($"{Instances}/{completed}?{Key}");
        using var failedResponse = await host.Http.GetAsync($"{Instances}/{failed}?{Key}");
        using var terminatedResponse = await host.Http.GetAsync($"{Instances}/{terminated}?{Key}");
        using var missingResponse = await host.Http.GetAsync($"{Instances}/nope?{Key}");
        using var withHistory = await host.Http.GetAsync($"{Instances}/{completed}?showHistory=true&{Key}");

        Assert.Equal(HttpStatusCode.Accepted, runningResponse.StatusCode);
        Assert.NotNull(runningResponse.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, completedResponse.StatusCode);
        using var body = JsonDocument.Parse(await completedResponse.Content.ReadAsStringAsync());
        Assert.Equal("Completed", body.RootElement.GetProperty("runtimeStatus").GetString());
        Assert.Equal("done", body.RootElement.GetProperty("output").GetString());
        Assert.False(body.RootElement.TryGetProperty("historyEvents", out _));
        using var historyBody = JsonDocument.Parse(await withHistory.Content.ReadAsStringAsync());
        var types = historyBody.RootElement.GetProperty("historyEvents").EnumerateArray().Select(e => e.GetProperty("$type").GetString()).ToList();
        Assert.Contains("ExecutionStarted", types);
        Assert.Contains("EventRaised", types);
        Assert.Contains("ExecutionCompleted", types);
        Assert.Equal(HttpStatusCode.BadRequest, failedResponse.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, terminatedResponse.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missingResponse.StatusCode);
        Assert.Equal("application/problem+json", missingResponse.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await missingResponse.Content.ReadAsStringAsync());
        Assert.Equal("instance-not-found", problem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Requests_WithoutOrWithWrongKey_AreUnauthorized()
    {
        await using var host = await ManagementApiHost.StartAsync();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CustomStatusOrchestrator));

        using var none = await host.Http.GetAsync($"{Instances}/{id}");
        using var wrong = await host.Http.GetAsync($"{Instances}/{id}?code=not-the-key");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Instances}/{id}");
        request.Headers.Add("x-functions-key", ManagementApiHost.SystemKey);
        using var header = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, header.StatusCode);
    }

    [Fact]
    public async Task RaiseEvent_ByInstanceState_Returns202Or404Or410Or400()
    {
        await using var host = await ManagementApiHost.StartAsync();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CustomStatusOrchestrator));
        await host.RunUntilIdleAsync();

        using var badJson = await host.Http.PostAsync($"{Instances}/{id}/raiseEvent/go?{Key}", new StringContent("{not json", Encoding.UTF8, "application/json"));
        using var accepted = await host.Http.PostAsJsonAsync($"{Instances}/{id}/raiseEvent/go?{Key}", "via http");
        await host.RunUntilIdleAsync();
        using var gone = await host.Http.PostAsJsonAsync($"{Instances}/{id}/raiseEvent/go?{Key}", "late");
        using var missing = await host.Http.PostAsJsonAsync($"{Instances}/unknown/raiseEvent/go?{Key}", "x");
        var metadata = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true);

        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("via http", metadata!.ReadOutputAs<string>());
    }

    [Fact]
    public async Task SuspendResumeTerminatePurge_OverHttp_ChangeTheInstance()
    {
        await using var host = await ManagementApiHost.StartAsync();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CustomStatusOrchestrator));
        await host.RunUntilIdleAsync();

        using var suspend = await host.Http.PostAsync($"{Instances}/{id}/suspend?reason=check&{Key}", null);
        await host.RunUntilIdleAsync();
        var suspended = await host.Client.GetInstanceAsync(id);
        using var resume = await host.Http.PostAsync($"{Instances}/{id}/resume?{Key}", null);
        await host.RunUntilIdleAsync();
        var resumed = await host.Client.GetInstanceAsync(id);
        using var purgeRunning = await host.Http.DeleteAsync($"{Instances}/{id}?{Key}");
        using var terminate = await host.Http.PostAsync($"{Instances}/{id}/terminate?reason=enough&{Key}", null);
        await host.RunUntilIdleAsync();
        using var terminateAgain = await host.Http.PostAsync($"{Instances}/{id}/terminate?{Key}", null);
        using var purge = await host.Http.DeleteAsync($"{Instances}/{id}?{Key}");
        using var purgeAgain = await host.Http.DeleteAsync($"{Instances}/{id}?{Key}");

        Assert.Equal(HttpStatusCode.Accepted, suspend.StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, suspended!.RuntimeStatus);
        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Running, resumed!.RuntimeStatus);
        Assert.Equal(HttpStatusCode.Conflict, purgeRunning.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, terminateAgain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, purgeAgain.StatusCode);
    }

    [Fact]
    public async Task SignedSendEventUrl_WorksOnlyForItsInstanceAndOperation()
    {
        await using var host = await ManagementApiHost.StartAsync();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CustomStatusOrchestrator));
        string other = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CustomStatusOrchestrator));
        await host.RunUntilIdleAsync();
        HttpManagementPayload payload = host.Client.CreateHttpManagementPayload(id);
        Uri sendEvent = host.Local(payload.SendEventPostUri.Replace("{eventName}", "go", StringComparison.Ordinal));
        string sig = System.Web.HttpUtility.ParseQueryString(sendEvent.Query)["sig"]!;

        using var otherInstance = await host.Http.PostAsJsonAsync($"{Instances}/{other}/raiseEvent/go?sig={Uri.EscapeDataString(sig)}", "forged");
        using var asStatus = await host.Http.GetAsync($"{Instances}/{id}?sig={Uri.EscapeDataString(sig)}");
        using var asTerminate = await host.Http.PostAsync($"{Instances}/{id}/terminate?sig={Uri.EscapeDataString(sig)}", null);
        using var asPurge = await host.Http.DeleteAsync($"{Instances}/{id}?sig={Uri.EscapeDataString(sig)}");
        using var status = await host.Http.GetAsync(host.Local(payload.StatusQueryGetUri.ToString()));
        using var raised = await host.Http.PostAsJsonAsync(sendEvent, "approved");
        await host.RunUntilIdleAsync();
        var instance = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        var untouched = await host.Client.GetInstanceAsync(other);

        Assert.StartsWith("https://public.example.net/runtime/webhooks/durabletask/instances/", payload.StatusQueryGetUri.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ManagementApiHost.SystemKey, payload.SendEventPostUri, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, otherInstance.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, asStatus.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, asTerminate.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, asPurge.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, status.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        Assert.Equal("approved", instance!.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Running, untouched!.RuntimeStatus);
    }

    [Fact]
    public async Task DeadLetters_ListAndReplay_OverHttp()
    {
        await using var host = await ManagementApiHost.StartAsync();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(LateDeployedOrchestrator), "x");
        for (int i = 0; i < 6; i++)
        {
            await host.RunUntilIdleAsync();
            host.Time.Advance(TimeSpan.FromMinutes(1));
        }

        using var list = await host.Http.GetAsync($"/runtime/webhooks/durabletask/deadletters?{Key}");
        using var listed = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        string deadLetterId = listed.RootElement[0].GetProperty("id").GetString()!;
        using var unauthorized = await host.Http.PostAsync($"/runtime/webhooks/durabletask/deadletters/{deadLetterId}/replay", null);
        host.Registry.AddOrchestrator<LateDeployedOrchestrator>();
        using var replay = await host.Http.PostAsync($"/runtime/webhooks/durabletask/deadletters/{deadLetterId}/replay?{Key}", null);
        using var replayMissing = await host.Http.PostAsync($"/runtime/webhooks/durabletask/deadletters/{deadLetterId}/replay?{Key}", null);
        await host.RunUntilIdleAsync();
        var result = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(id, listed.RootElement[0].GetProperty("instanceId").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, replayMissing.StatusCode);
        Assert.Equal("finally x", result!.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Query_ByStatusWithTop_PagesWithContinuationHeader()
    {
        await using var host = await ManagementApiHost.StartAsync();
        for (int i = 0; i < 3; i++)
        {
            await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CustomStatusOrchestrator));
        }

        await host.RunUntilIdleAsync();

        using var first = await host.Http.GetAsync($"{Instances}?runtimeStatus=Running&top=2&{Key}");
        string token = first.Headers.GetValues("x-ms-continuation-token").Single();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Instances}?runtimeStatus=Running&top=2&{Key}");
        request.Headers.Add("x-ms-continuation-token", token);
        using var second = await host.Http.SendAsync(request);
        using var invalid = await host.Http.GetAsync($"{Instances}?runtimeStatus=Sleeping&{Key}");

        using var firstBody = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        using var secondBody = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        Assert.Equal(2, firstBody.RootElement.GetArrayLength());
        Assert.Equal(1, secondBody.RootElement.GetArrayLength());
        Assert.False(second.Headers.Contains("x-ms-continuation-token"));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    [Theory]
    [InlineData("instances?continuationToken=garbage")]
    [InlineData("instances?continuationToken=-5")]
    [InlineData("instances?continuationToken=99999999999999999999")]
    [InlineData("deadletters?continuationToken=garbage")]
    public async Task Query_ContinuationTokenNotIssuedByUs_Is400Problem(string pathAndQuery)
    {
        await using var host = await ManagementApiHost.StartAsync();
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CustomStatusOrchestrator));

        using var response = await host.Http.GetAsync($"/runtime/webhooks/durabletask/{pathAndQuery}&{Key}");

        await AssertProblemAsync(response, "invalid-continuation-token");
    }

    [Fact]
    public async Task Query_ContinuationTokenHeaderNotIssuedByUs_Is400Problem()
    {
        await using var host = await ManagementApiHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Instances}?{Key}");
        request.Headers.Add("x-ms-continuation-token", "not-a-token");

        using var response = await host.Http.SendAsync(request);

        await AssertProblemAsync(response, "invalid-continuation-token");
    }

    // Enum.TryParse took numbers: "1" was Running, "99" a status no instance has.
    [Theory]
    [InlineData("runtimeStatus=1", "invalid-runtime-status")]
    [InlineData("runtimeStatus=99", "invalid-runtime-status")]
    [InlineData("runtimeStatus=Running,-1", "invalid-runtime-status")]
    [InlineData("top=abc", "invalid-query")]
    [InlineData("top=0", "invalid-query")]
    [InlineData("top=99999999999", "invalid-query")]
    [InlineData("createdTimeFrom=yesterday", "invalid-query")]
    [InlineData("createdTimeTo=2026-13-01", "invalid-query")]
    [InlineData("showInput=maybe", "invalid-query")]
    public async Task Query_BadParameter_Is400ProblemNamingIt(string query, string code)
    {
        await using var host = await ManagementApiHost.StartAsync();

        using var response = await host.Http.GetAsync($"{Instances}?{query}&{Key}");

        var problem = await AssertProblemAsync(response, code);
        Assert.Contains(query.Split('=')[0], problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("runtimeStatus=running,Completed&top=1000&createdTimeFrom=2026-01-01T00:00:00Z&showInput=true")]
    [InlineData("top=5000")]
    public async Task Query_GoodParameters_AreAccepted(string query)
    {
        await using var host = await ManagementApiHost.StartAsync();

        using var response = await host.Http.GetAsync($"{Instances}?{query}&{Key}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<JsonDocument> AssertProblemAsync(HttpResponseMessage response, string code)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
        return problem;
    }
}
