using System.Text.Json;
using Marketplace.Functions.Hosting;

namespace Marketplace.Functions.Tests.Hosting;

public sealed class CustomHandlerInvocationTests
{
    [Fact]
    public void TryParse_DataAsJsonObject_UsesItsRawText()
    {
        using var payload = JsonDocument.Parse("""{"Data":{"message":{"a":1}},"Metadata":{"DequeueCount":3,"Id":"m-1"}}""");

        Assert.True(CustomHandlerInvocation.TryParse(payload.RootElement, "message", out var invocation, out _));

        Assert.Equal("""{"a":1}""", invocation!.MessageText);
        Assert.Equal(3, invocation.DequeueCount);
        Assert.Null(invocation.InsertedOn);
    }

    [Theory]
    [InlineData("""{"Data":{},"Metadata":{"DequeueCount":1,"Id":"m"}}""", "'Data' has no 'message' binding.")]
    [InlineData("""{"Data":{"message":"x"},"Metadata":{"DequeueCount":"zero","Id":"m"}}""", "'Metadata.DequeueCount' is missing or not a positive number.")]
    [InlineData("""{"Data":{"message":"x"},"Metadata":{"DequeueCount":0,"Id":"m"}}""", "'Metadata.DequeueCount' is missing or not a positive number.")]
    [InlineData("""{"Data":{"message":"x"},"Metadata":{"DequeueCount":1}}""", "'Metadata.Id' (the queue message id) is missing.")]
    [InlineData("""{"Data":{"message":42},"Metadata":{"DequeueCount":1,"Id":"m"}}""", "'Data.message' is not the message text.")]
    [InlineData("""[]""", "The payload has no 'Data' object.")]
    public void TryParse_MalformedPayload_SaysWhatIsWrong(string json, string expected)
    {
        using var payload = JsonDocument.Parse(json);

        Assert.False(CustomHandlerInvocation.TryParse(payload.RootElement, "message", out var invocation, out var error));

        Assert.Null(invocation);
        Assert.Equal(expected, error);
    }
}
