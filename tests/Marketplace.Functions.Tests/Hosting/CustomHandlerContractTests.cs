using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Functions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Hosting;

/// <summary>POST /{FunctionName} with payloads shaped exactly as the Functions host sends them for a queue trigger.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CustomHandlerContractTests : IDisposable
{
    private readonly TestAppFactory _factory;
    private readonly ScriptedQueueFunction _function;

    public CustomHandlerContractTests(AzuriteFixture azurite)
    {
        _factory = new TestAppFactory(azurite);
        _function = new ScriptedQueueFunction("ContractProbe", _factory.QueueName("contract-probe"));
        _factory.WithSetting("Hosting:Mode", "CustomHandler").WithServices(s => s.AddSingleton<IQueueFunction>(_function));
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Invoke_HostPayloadWithStringDequeueCount_CallsHandlerWithDecodedTextAndAnswersEmptyOutputs()
    {
        var client = _factory.CreateClient();
        const string text = "{\"eventId\":\"e-1\",\"note\":\"café ☕\"}";

        using var response = await client.PostAsync("/ContractProbe", Payload(text, "\"2\"", "msg-1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Empty(body["Outputs"]!.AsObject());
        Assert.Empty(body["Logs"]!.AsArray());
        Assert.True(body.ContainsKey("ReturnValue"));
        Assert.Null(body["ReturnValue"]);
        var invocation = Assert.Single(_function.Invocations);
        Assert.Equal(text, invocation.MessageText);
        Assert.Equal(2, invocation.DequeueCount);
        Assert.Equal("msg-1", invocation.MessageId);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 14, 0, 0, TimeSpan.Zero), invocation.InsertedOn);
    }

    [Fact]
    public async Task Invoke_HostPayloadWithNumericDequeueCount_IsAccepted()
    {
        var client = _factory.CreateClient();

        using var response = await client.PostAsync("/ContractProbe", Payload("plain text", "1", "msg-2"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, Assert.Single(_function.Invocations).DequeueCount);
    }

    [Fact]
    public async Task Invoke_HandlerFails_Answers500WithShapeAndLogLine()
    {
        _function.FailuresBeforeSuccess = int.MaxValue;
        var client = _factory.CreateClient();

        using var response = await client.PostAsync("/ContractProbe", Payload("payload that fails", "1", "msg-3"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Empty(body["Outputs"]!.AsObject());
        var log = Assert.Single(body["Logs"]!.AsArray())!.GetValue<string>();
        Assert.Contains("InvalidOperationException", log, StringComparison.Ordinal);
        Assert.DoesNotContain("payload that fails", log, StringComparison.Ordinal);
        Assert.Null(body["ReturnValue"]);
        Assert.Empty(await ReasonsAsync());
    }

    [Fact]
    public async Task Invoke_HandlerFailsOnLastDelivery_RecordsPoisonReasonWithoutBody()
    {
        _function.FailuresBeforeSuccess = int.MaxValue;
        var client = _factory.CreateClient();
        const string text = "{\"secret\":\"do not store me\"}";

        using var response = await client.PostAsync("/ContractProbe", Payload(text, "5", "msg-4"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var reasons = await ReasonsAsync();
        var reason = Assert.Single(reasons).Value;
        Assert.Equal(PoisonReasonStore.HashBody(text), reason.BodySha256);
        Assert.Equal("msg-4", reason.MessageId);
        Assert.Equal("ContractProbe", reason.FunctionName);
        Assert.Equal(typeof(InvalidOperationException).FullName, reason.ErrorType);
        Assert.Equal("Planned failure 1.", reason.ErrorMessage);
        Assert.Equal(5, reason.DequeueCount);
        Assert.DoesNotContain("do not store me", reason.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_FromAnotherMachine_IsRefusedAndHandlerNotCalled()
    {
        var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ContractProbe") { Content = Payload("x", "1", "msg-5") };
        request.Headers.Add(TestAppFactory.RemoteAddressHeader, "10.1.2.3");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("host_only", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_function.Invocations);
    }

    [Fact]
    public async Task Invoke_PayloadWithoutData_Answers400WithShape()
    {
        var client = _factory.CreateClient();

        using var response = await client.PostAsync("/ContractProbe",
            new StringContent("{\"Metadata\":{\"DequeueCount\":1,\"Id\":\"m\"}}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Single(body["Logs"]!.AsArray());
        Assert.Empty(_function.Invocations);
    }

    private async Task<IReadOnlyDictionary<string, PoisonReason>> ReasonsAsync() =>
        await _factory.Services.GetRequiredService<PoisonReasonStore>().ListByBodyHashAsync(_function.QueueName, CancellationToken.None);

    /// <summary>The host's queue-trigger invocation: the message text as a JSON string under the binding name.</summary>
    private static StringContent Payload(string messageText, string dequeueCountJson, string id)
    {
        var json = $$"""
            {
              "Data": {
                "message": {{JsonSerializer.Serialize(messageText)}}
              },
              "Metadata": {
                "DequeueCount": {{dequeueCountJson}},
                "ExpirationTime": "2026-11-30T14:00:00+00:00",
                "Id": "{{id}}",
                "InsertionTime": "2026-11-23T14:00:00+00:00",
                "NextVisibleTime": "2026-11-23T14:10:00+00:00",
                "PopReceipt": "AgAAAAMAAAAAAAAAnQ4wZ1h02gE=",
                "sys": {
                  "MethodName": "ContractProbe",
                  "UtcNow": "2026-11-23T14:00:01.1234567Z",
                  "RandGuid": "0f8fad5b-d9cb-469f-a165-70867728950e"
                }
              }
            }
            """;
        return new StringContent(json, Encoding.UTF8, "application/json");
    }
}
