using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Hosting;

/// <summary>
/// infra/main.bicep must deploy an app that starts and holds no storage key: it compiles (scripts/validate-infra.sh,
/// once for the class), and the ARM template it compiles to is a Flex Consumption isolated-worker app whose host, task
/// hub and code reach storage with the app's identity, whose secrets are Key Vault references, and which sets every
/// setting the app cannot start without outside Development.
/// </summary>
public sealed partial class InfraTemplateTests(InfraTemplateTests.CompiledTemplate compiled) : IClassFixture<InfraTemplateTests.CompiledTemplate>
{
    private const string SiteType = "Microsoft.Web/sites";
    private const string RoleAssignmentType = "Microsoft.Authorization/roleAssignments";

    // Built-in role definition ids.
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string CognitiveServicesUser = "a97b65f3-24c7-4388-baec-2e87135dc908";

    private ArmTemplate Template => compiled.Template ?? throw new InvalidOperationException("infra/main.bicep did not compile:\n" + compiled.Output);

    [Fact]
    public void MainBicep_Compiles()
    {
        Assert.True(compiled.ExitCode == 0, compiled.Output);
    }

    [Fact]
    public void Plan_IsFlexConsumptionOnLinux()
    {
        var plan = Template.Single("Microsoft.Web/serverfarms");

        Assert.Equal("FC1", plan.GetProperty("sku").GetProperty("name").GetString());
        Assert.Equal("FlexConsumption", plan.GetProperty("sku").GetProperty("tier").GetString());
        Assert.True(plan.GetProperty("properties").GetProperty("reserved").GetBoolean(), "A Flex Consumption plan is a Linux plan (reserved: true).");
    }

    [Fact]
    public void FunctionApp_RunsDotnetIsolated10FromItsDeploymentContainerByIdentity()
    {
        var site = Template.Single(SiteType);
        Assert.Equal("functionapp,linux", site.GetProperty("kind").GetString());
        Assert.Equal("SystemAssigned", site.GetProperty("identity").GetProperty("type").GetString());
        Assert.True(site.GetProperty("properties").TryGetProperty("functionAppConfig", out var config),
            "A Flex Consumption app is described by properties.functionAppConfig (runtime, scale, deployment).");

        var runtime = config.GetProperty("runtime");
        Assert.Equal("dotnet-isolated", runtime.GetProperty("name").GetString());
        Assert.Equal("10.0", runtime.GetProperty("version").GetString());

        var scale = config.GetProperty("scaleAndConcurrency");
        Assert.Equal(2048, scale.GetProperty("instanceMemoryMB").GetInt32());
        Assert.Equal("[parameters('maximumInstanceCount')]", scale.GetProperty("maximumInstanceCount").GetString());
        Assert.Equal(JsonValueKind.Number, Template.Parameter("maximumInstanceCount").GetProperty("defaultValue").ValueKind);

        var storage = config.GetProperty("deployment").GetProperty("storage");
        Assert.Equal("blobContainer", storage.GetProperty("type").GetString());
        Assert.Equal("SystemAssignedIdentity", storage.GetProperty("authentication").GetProperty("type").GetString());
        Assert.Contains("Microsoft.Storage/storageAccounts", storage.GetProperty("value").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_ReachStorageByIdentity()
    {
        var settings = Template.AppSettings();
        var storageName = Template.Single("Microsoft.Storage/storageAccounts").GetProperty("name").GetString();

        // The host (keys, queue triggers, the Durable task hub) and the app's own clients, by account name.
        Assert.Equal(storageName, settings.GetValueOrDefault("AzureWebJobsStorage__accountName"));
        Assert.Equal(storageName, settings.GetValueOrDefault("Storage__AccountName"));
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.DoesNotContain("Storage__ConnectionString", settings.Keys);
    }

    [Fact]
    public void AppSettings_AreWhatTheFunctionAppGetsOnceItsIdentityHoldsItsRoles()
    {
        var config = Assert.Single(Template.Resources("Microsoft.Web/sites/config"), c => c.GetProperty("name").GetString()!.Contains("'appsettings'", StringComparison.Ordinal));
        var properties = config.GetProperty("properties").GetString()!;
        Assert.Contains("variables('appSettings')", properties, StringComparison.Ordinal);
        Assert.Contains("variables('webhookSecretSettings')", properties, StringComparison.Ordinal);

        // Written after the role assignments, so the first start resolves the Key Vault references and reaches storage.
        var dependsOn = config.GetProperty("dependsOn").EnumerateArray().Select(d => d.GetString()!).ToList();
        Assert.Contains("storageRoles", dependsOn);
        Assert.Contains(dependsOn, d => d.Contains(RoleAssignmentType, StringComparison.Ordinal) && d.Contains("Microsoft.KeyVault/vaults", StringComparison.Ordinal));
    }

    [Fact]
    public void Template_HoldsNoStorageKeyOrConnectionString()
    {
        foreach (var forbidden in new[] { "AccountKey", "DefaultEndpointsProtocol", "SharedAccessSignature", "listAccountSas", "listServiceSas", "listKeys(resourceId('Microsoft.Storage" })
        {
            Assert.DoesNotContain(forbidden, Template.Text, StringComparison.OrdinalIgnoreCase);
        }

        var storage = Template.Single("Microsoft.Storage/storageAccounts");
        Assert.False(storage.GetProperty("properties").GetProperty("allowSharedKeyAccess").GetBoolean(), "The storage account must refuse shared keys.");

        // The only connection string is Application Insights' (an endpoint and an id, not a credential).
        var settingNames = Template.AppSettings().Keys.Concat(InlineSettingNames()).ToList();
        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", settingNames);
        Assert.All(settingNames.Where(n => n != "APPLICATIONINSIGHTS_CONNECTION_STRING"), name =>
        {
            Assert.DoesNotContain("ConnectionString", name, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("CONNECTION_STRING", name, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public void StorageRoles_GrantTheAppIdentityBlobOwnerQueueAndTableContributorOnly()
    {
        var assignments = RoleAssignmentsOn("Microsoft.Storage/storageAccounts");

        var roles = assignments.SelectMany(RoleIds).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.True(roles.SetEquals([StorageBlobDataOwner, StorageQueueDataContributor, StorageTableDataContributor]),
            $"The app's identity should hold Storage Blob Data Owner, Queue Data Contributor and Table Data Contributor on the storage account, and no other role; it holds {string.Join(", ", roles)}.");
        Assert.All(assignments, AssertGrantedToTheFunctionApp);
    }

    [Fact]
    public void Secrets_AreKeyVaultReferencesToSecretsTheTemplateStores()
    {
        var settings = Template.AppSettings();
        var secretNames = Template.Resources("Microsoft.KeyVault/vaults/secrets").Select(s => s.GetProperty("name").GetString()!).ToList();
        foreach (var setting in new[] { "Auth__SigningKey", "DurableTask__SystemKey" })
        {
            var value = settings.GetValueOrDefault(setting, "");
            var reference = KeyVaultReference().Match(value);
            Assert.True(reference.Success, $"{setting} should be a Key Vault reference, not {value}.");
            Assert.Contains(secretNames, n => n.Contains($"'{reference.Groups["secret"].Value}'", StringComparison.Ordinal));
        }

        var webhooks = Template.Root.GetProperty("variables").GetProperty("webhookSecretSettings").GetString()!;
        Assert.Contains("Messaging__WebhookSecrets__{0}", webhooks, StringComparison.Ordinal);
        Assert.Contains("@Microsoft.KeyVault(VaultName={0};SecretName=webhook-secret-{1})", webhooks, StringComparison.Ordinal);
        Assert.Contains(secretNames, n => n.Contains("webhook-secret-{0}", StringComparison.Ordinal));

        // The secrets come in as secure parameters and reach the app only through the vault.
        Assert.Equal("securestring", Template.Parameter("authSigningKey").GetProperty("type").GetString());
        Assert.Equal("securestring", Template.Parameter("durableSystemKey").GetProperty("type").GetString());
        Assert.Equal("secureObject", Template.Parameter("webhookSecrets").GetProperty("type").GetString());
        Assert.All(settings.Values, value => Assert.DoesNotContain("parameters('authSigningKey')", value, StringComparison.Ordinal));
        Assert.All(settings.Values, value => Assert.DoesNotContain("parameters('durableSystemKey')", value, StringComparison.Ordinal));

        var vaultRoles = RoleAssignmentsOn("Microsoft.KeyVault/vaults");
        Assert.Contains(KeyVaultSecretsUser, vaultRoles.SelectMany(RoleIds), StringComparer.OrdinalIgnoreCase);
        Assert.All(vaultRoles, AssertGrantedToTheFunctionApp);
        Assert.Equal("SystemAssigned", Template.Single(SiteType).GetProperty("properties").GetProperty("keyVaultReferenceIdentity").GetString());
    }

    [Fact]
    public void Translator_ReachedWithTheIdentityOnly_NoKeyAnywhere()
    {
        var translator = Template.Single("Microsoft.CognitiveServices/accounts");
        Assert.Equal("TextTranslation", translator.GetProperty("kind").GetString());
        Assert.True(translator.GetProperty("properties").GetProperty("disableLocalAuth").GetBoolean());

        var roles = RoleAssignmentsOn("Microsoft.CognitiveServices/accounts");
        Assert.Equal([CognitiveServicesUser], roles.SelectMany(RoleIds).Distinct(StringComparer.OrdinalIgnoreCase));
        Assert.All(roles, AssertGrantedToTheFunctionApp);

        var settings = Template.AppSettings();
        Assert.Equal("true", settings.GetValueOrDefault("Translation__Enabled"));
        Assert.Contains(".cognitiveservices.azure.com/translator/text/v3.0/", Template.Expand(settings.GetValueOrDefault("Translation__Endpoint", "")), StringComparison.Ordinal);
        Assert.Equal("[parameters('location')]", settings.GetValueOrDefault("Translation__Region"));
        Assert.DoesNotContain("Translation__Key", settings.Keys);
        Assert.DoesNotContain("listKeys", Template.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_NameTheDurableTaskHub()
    {
        Assert.Equal("[parameters('taskHubName')]", Template.AppSettings().GetValueOrDefault("DurableTask__TaskHubName"));
        var parameter = Template.Parameter("taskHubName");
        Assert.Equal("MarketplaceHub", parameter.GetProperty("defaultValue").GetString());
        Assert.Equal(3, parameter.GetProperty("minLength").GetInt32());
        Assert.Equal(45, parameter.GetProperty("maxLength").GetInt32());
    }

    [Fact]
    public void Template_SetsNothingFlexConsumptionRefusesOrOnlyACustomHandlerUsed()
    {
        foreach (var setting in new[]
        {
            "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTSHARE",
            "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "Hosting__Mode", "FUNCTIONS_CUSTOMHANDLER_PORT",
        })
        {
            Assert.DoesNotContain(setting, Template.Text, StringComparison.OrdinalIgnoreCase);
        }

        var siteConfig = Template.Single(SiteType).GetProperty("properties").GetProperty("siteConfig");
        foreach (var property in new[] { "alwaysOn", "linuxFxVersion", "appSettings" })
        {
            Assert.False(siteConfig.TryGetProperty(property, out _), $"siteConfig.{property} has no place on Flex Consumption (or is set by the appsettings resource).");
        }
    }

    [Fact]
    public async Task MainBicep_SetsEverySettingTheAppRequiresInProduction()
    {
        var (exitCode, output) = await AppRun.RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Storage__ConnectionString"] = "UseDevelopmentStorage=true", // never reached: settings are checked first
        });
        Assert.Equal(1, exitCode);
        var required = SettingName().Matches(string.Join(" ", output)).Select(m => m.Value).Distinct().ToList();
        Assert.NotEmpty(required);

        // Fixed names, and the prefix of the settings made per marketplace ("Messaging__WebhookSecrets__{0}").
        var names = Template.AppSettings().Keys
            .Concat(PerItemSettingPrefix().Matches(Template.Root.GetProperty("variables").GetProperty("webhookSecretSettings").GetString()!).Select(m => m.Groups["prefix"].Value))
            .ToList();
        foreach (var setting in required.Select(s => s.Replace(":", "__", StringComparison.Ordinal)))
        {
            Assert.True(names.Any(n => n == setting || n.StartsWith(setting + "__", StringComparison.Ordinal)),
                $"infra/main.bicep does not set {setting}, which the app cannot start without.");
        }
    }

    [Fact]
    public void ParametersFile_SetsOnlyNonSecretParametersOfTheTemplate()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "infra", "main.parameters.json")));
        foreach (var parameter in file.RootElement.GetProperty("parameters").EnumerateObject())
        {
            var type = Template.Parameter(parameter.Name).GetProperty("type").GetString()!;
            Assert.False(type.StartsWith("secure", StringComparison.OrdinalIgnoreCase), $"infra/main.parameters.json must not hold the secret '{parameter.Name}'.");
        }
    }

    private List<JsonElement> RoleAssignmentsOn(string scopeType)
    {
        var assignments = Template.Resources(RoleAssignmentType)
            .Where(a => a.TryGetProperty("scope", out var scope) && scope.GetString()!.Contains($"'{scopeType}'", StringComparison.Ordinal))
            .ToList();
        Assert.True(assignments.Count > 0, $"The template assigns no role on the {scopeType}.");
        return assignments;
    }

    private static void AssertGrantedToTheFunctionApp(JsonElement assignment)
    {
        var properties = assignment.GetProperty("properties");
        var principal = properties.GetProperty("principalId").GetString()!;
        Assert.Contains($"resourceId('{SiteType}'", principal, StringComparison.Ordinal);
        Assert.EndsWith(".identity.principalId]", principal, StringComparison.Ordinal);
        Assert.Equal("ServicePrincipal", properties.GetProperty("principalType").GetString());
    }

    /// <summary>Setting names the appsettings resource adds besides the appSettings variable (createObject('NAME', …)).</summary>
    private IEnumerable<string> InlineSettingNames() =>
        Template.Resources("Microsoft.Web/sites/config")
            .SelectMany(c => InlineSettingName().Matches(c.GetProperty("properties").ToString()))
            .Select(m => m.Groups["name"].Value);

    /// <summary>The role definition ids an assignment (or each copy of a looped one) grants.</summary>
    private IEnumerable<string> RoleIds(JsonElement assignment) =>
        RoleId().Matches(Template.Expand(assignment.GetProperty("properties").GetProperty("roleDefinitionId").GetString()!)).Select(m => m.Value);

    [GeneratedRegex(@"\b(Auth|Storage|Hosting|Messaging|DurableTask|ContentPolicy|Deadlines|Translation):[A-Za-z]+\b")]
    private static partial Regex SettingName();

    [GeneratedRegex(@"^\[format\('@Microsoft\.KeyVault\(VaultName=\{0\};SecretName=(?<secret>[a-z0-9-]+)\)'")]
    private static partial Regex KeyVaultReference();

    [GeneratedRegex(@"'(?<prefix>[A-Za-z0-9_]+__)\{0\}")]
    private static partial Regex PerItemSettingPrefix();

    [GeneratedRegex(@"createObject\('(?<name>[A-Za-z0-9_]+)'")]
    private static partial Regex InlineSettingName();

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex RoleId();

    /// <summary>infra/main.bicep compiled once for the class by scripts/validate-infra.sh (the Bicep CLI from NuGet).</summary>
    public sealed class CompiledTemplate : IAsyncLifetime
    {
        public int ExitCode { get; private set; } = -1;

        public string Output { get; private set; } = "";

        /// <summary>The compiled template, or null when the build failed (see <see cref="Output"/>).</summary>
        internal ArmTemplate? Template { get; private set; }

        public async Task InitializeAsync()
        {
            var root = RepositoryRoot.Find();
            var start = new ProcessStartInfo("bash", "scripts/validate-infra.sh")
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            ExitCode = process.ExitCode;
            Output = await stdout + await stderr;
            if (ExitCode == 0)
            {
                Template = ArmTemplate.Load(Path.Combine(root, "artifacts", "infra", "main.json"));
            }
        }

        public Task DisposeAsync() => Task.CompletedTask;
    }
}
