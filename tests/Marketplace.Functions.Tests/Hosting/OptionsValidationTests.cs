using Serverless.Testing;

namespace Marketplace.Functions.Tests.Hosting;

/// <summary>
/// A bad setting stops start-up with one line on the console that names it, and exit code 1: the app started as a
/// process, as an operator starts it, not an exception's stack trace.
/// </summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Auth:SigningKey", "too-short", "Auth:SigningKey must be at least 32 bytes")]
    [InlineData("Auth:Issuer", "", "Auth:Issuer must be set")]
    [InlineData("Auth:SigningKey", "@Microsoft.KeyVault(VaultName=mktmsg-kv;SecretName=auth-signing-key)", "Auth:SigningKey is a Key Vault reference the platform did not resolve")]
    [InlineData("Messaging:WebhookSecrets:amazon", "@Microsoft.KeyVault(VaultName=mktmsg-kv;SecretName=webhook-amazon)", "Messaging:WebhookSecrets:amazon is a Key Vault reference")]
    [InlineData("Hosting:BatchSize", "64", "Hosting:BatchSize must be from 1 to 32")]
    [InlineData("Hosting:MaxDequeueCount", "0", "Hosting:MaxDequeueCount must be from 1 to 100")]
    [InlineData("AzureWebJobs.ApplyMarketplaceEvent.Disabled", "yes", "AzureWebJobs.ApplyMarketplaceEvent.Disabled must be true or false")]
    [InlineData("Storage:NamePrefix", "Bad_Prefix", "Storage:NamePrefix must be empty or")]
    [InlineData("Storage:AccountName", "NOT-A-NAME", "Storage:AccountName must be a storage account name")]
    [InlineData("Storage:MaxRetries", "-1", "Storage:MaxRetries must be between 0 and 10")]
    [InlineData("Messaging:FollowUpCheckDelay", "00:00:00", "Messaging:FollowUpCheckDelay must be between 00:00:01 and 01:00:00")]
    [InlineData("ContentPolicy:FallbackProfile", "shopp", "ContentPolicy:FallbackProfile names no content-policy profile")]
    [InlineData("ContentPolicy:IncludeBuiltInProfiles", "false", "ContentPolicy:Profiles:generic is missing")]
    [InlineData("ContentPolicy:Profiles:amazon:Actions:Seller:PERSONAL_DAT", "Block", "ContentPolicy:Profiles:amazon:Actions:Seller:PERSONAL_DAT is not a reason code")]
    [InlineData("ContentPolicy:Profiles:amazon:Actions:Seller:PERSONAL_DATA", "Blok", "ContentPolicy:Profiles:amazon:Actions:Seller:PERSONAL_DATA must be Allow, Redact, Hold or Block")]
    [InlineData("ContentPolicy:Profiles:amazon:Actions:Admin:PERSONAL_DATA", "Block", "ContentPolicy:Profiles:amazon:Actions:Admin is not an author role")]
    [InlineData("ContentPolicy:Profiles:amazon:PhoneRegions:0", "Spain", "ContentPolicy:Profiles:amazon:PhoneRegions:0 must be a two-letter region code")]
    [InlineData("ContentPolicy:Profiles:amazon:AllowedDomains:0", "https://shop.example/", "ContentPolicy:Profiles:amazon:AllowedDomains:0 must be a domain")]
    [InlineData("ContentPolicy:Profiles:amazon:SellerRules:ProactiveWindowDays", "-1", "ContentPolicy:Profiles:amazon:SellerRules:ProactiveWindowDays must be from 0")]
    public async Task Start_WithBadSetting_PrintsOneLineNamingTheSettingAndExits1(string key, string value, string expected)
    {
        var (exitCode, output) = await AppRun.RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Storage__ConnectionString"] = "UseDevelopmentStorage=true", // never reached: settings are checked first
            [key.Replace(":", "__", StringComparison.Ordinal)] = value,
        });

        Assert.Equal(1, exitCode);
        var line = Assert.Single(output);
        Assert.StartsWith("Start-up failed", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_LoopbackWebhooksAllowedOutsideDevelopment_NamesTheSetting()
    {
        var (exitCode, output) = await AppRun.RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Storage__ConnectionString"] = "UseDevelopmentStorage=true", // never reached: settings are checked first
            ["Auth__SigningKey"] = "production-like-signing-key-0123456789abcdef",
            ["DurableTask__SystemKey"] = "production-like-durable-system-key-0123456789",
            ["Messaging__WebhookSecrets__amazon"] = "production-like-webhook-secret-0001",
            ["Deadlines__AllowLoopbackWebhooks"] = "true",
        });

        Assert.Equal(1, exitCode);
        Assert.Contains("Deadlines:AllowLoopbackWebhooks may be true only in the Development environment", Assert.Single(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithoutProductionSecrets_NamesEachMissingSettingInOneLine()
    {
        var (exitCode, output) = await AppRun.RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production", // no development defaults: as a fresh deployment
            ["Storage__ConnectionString"] = "UseDevelopmentStorage=true", // never reached: settings are checked first
        });

        Assert.Equal(1, exitCode);
        var line = Assert.Single(output);
        Assert.Contains("Auth:SigningKey", line, StringComparison.Ordinal);
        Assert.Contains("DurableTask:SystemKey", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AsFunctionsWorker_WithStorageNamePrefix_NamesTheSetting()
    {
        // As the Functions host starts the worker: its queue triggers name the queues without a prefix.
        var (exitCode, output) = await AppRun.RunAsync(new Dictionary<string, string>
        {
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Storage__ConnectionString"] = "UseDevelopmentStorage=true", // never reached: settings are checked first
            ["Storage__NamePrefix"] = "tenant1",
        });

        Assert.Equal(1, exitCode);
        Assert.Contains("Storage:NamePrefix must be empty in a Functions app", Assert.Single(output), StringComparison.Ordinal);
    }
}
