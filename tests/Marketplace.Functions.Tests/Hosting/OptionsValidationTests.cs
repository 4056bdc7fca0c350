using Serverless.Testing;

namespace Marketplace.Functions.Tests.Hosting;

/// <summary>A bad setting stops start-up with a message that names it.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class OptionsValidationTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("Auth:SigningKey", "too-short", "Auth:SigningKey must be at least 32 bytes")]
    [InlineData("Auth:Issuer", "", "Auth:Issuer must be set")]
    [InlineData("Hosting:BatchSize", "64", "Hosting:BatchSize must be from 1 to 32")]
    [InlineData("Hosting:MaxDequeueCount", "0", "Hosting:MaxDequeueCount must be from 1 to 100")]
    [InlineData("Storage:NamePrefix", "Bad_Prefix", "Storage:NamePrefix must be empty or")]
    [InlineData("Storage:AccountName", "NOT-A-NAME", "Storage:AccountName must be a storage account name")]
    [InlineData("Messaging:FollowUpCheckDelay", "00:00:00", "Messaging:FollowUpCheckDelay must be between 00:00:01 and 01:00:00")]
    public void Start_WithBadSetting_FailsNamingTheSetting(string key, string value, string expected)
    {
        using var factory = new TestAppFactory(azurite).WithSetting("Hosting:Mode", "CustomHandler").WithSetting(key, value);

        var error = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(error);
        Assert.Contains(expected, Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public void Start_LoopbackWebhooksAllowedOutsideDevelopment_FailsNamingTheSetting()
    {
        using var factory = new ProductionAppFactory(azurite);
        factory.WithSetting("Hosting:Mode", "CustomHandler").WithSetting("Deadlines:AllowLoopbackWebhooks", "true")
            .WithSetting("Auth:SigningKey", "production-like-signing-key-0123456789abcdef")
            .WithSetting("DurableTask:SystemKey", "production-like-durable-system-key-0123456789")
            .WithSetting("Messaging:WebhookSecrets:amazon", "production-like-webhook-secret-0001");

        var error = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(error);
        Assert.Contains("Deadlines:AllowLoopbackWebhooks may be true only in the Development environment", Flatten(error), StringComparison.Ordinal);
    }

    private static string Flatten(Exception error) =>
        error is AggregateException aggregate
            ? string.Join("\n", aggregate.Flatten().InnerExceptions.Select(Flatten))
            : error.Message + (error.InnerException is { } inner ? "\n" + Flatten(inner) : "");

    /// <summary>The test app in the Production environment (no appsettings.Development.json).</summary>
    private sealed class ProductionAppFactory(AzuriteFixture azurite) : TestAppFactory(azurite)
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            Microsoft.AspNetCore.Hosting.HostingAbstractionsWebHostBuilderExtensions.UseEnvironment(builder, "Production");
        }
    }
}
