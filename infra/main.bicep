// Azure resources for the marketplace messaging backend: an Azure Functions isolated-worker app (.NET 10) on the
// Flex Consumption plan (Linux) with a system-assigned managed identity. No storage key or connection string exists
// anywhere: the Functions host (its queue triggers and the Durable Functions task hub), the app's own storage clients
// and the deployment package all reach the storage account with that identity, and secrets are Key Vault references
// the platform resolves with it.
targetScope = 'resourceGroup'

@description('Short name used in every resource name (lowercase letters and digits).')
@minLength(3)
@maxLength(11)
param appName string = 'mktmsg'

@description('Region for every resource; it must offer the Flex Consumption plan (az functionapp list-flexconsumption-locations).')
param location string = resourceGroup().location

@description('Most instances the app scales out to (Flex Consumption: 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Durable Functions task hub: its queues, tables and containers are named after it (3-45 letters and digits, starting with a letter). Read by the app and the host as DurableTask:TaskHubName.')
@minLength(3)
@maxLength(45)
param taskHubName string = 'MarketplaceHub'

@description('Translator pricing tier.')
@allowed(['F0', 'S1'])
param translatorSku string = 'S1'

@description('HMAC key for bearer tokens (at least 32 bytes). Stored in Key Vault, read by the app as Auth:SigningKey.')
@secure()
@minLength(32)
param authSigningKey string

@description('Issuer ("iss") of accepted bearer tokens.')
param authIssuer string = 'marketplace-messaging'

@description('Audience ("aud") of accepted bearer tokens.')
param authAudience string = 'marketplace-messaging-api'

@description('Webhook HMAC secret per marketplace that posts webhooks, e.g. {"amazon": "...", "allegro": "..."}: the lowercase marketplace name (as in its webhook URL) to a secret of at least 16 characters shared with that marketplace. Each is stored in Key Vault and read by the app as Messaging:WebhookSecrets:{marketplace}.')
@secure()
param webhookSecrets object

@description('Key that authorizes the Durable management API (at least 32 characters). Stored in Key Vault, read by the app as DurableTask:SystemKey.')
@secure()
@minLength(32)
param durableSystemKey string

var suffix = uniqueString(resourceGroup().id, appName)
var storageName = take('${appName}${suffix}', 24)
var functionAppName = '${appName}-func-${suffix}'
var vaultName = take('${appName}-kv-${suffix}', 24)
var translatorName = '${appName}-translator-${suffix}'

// The blob container Flex Consumption deploys the app's zip package to (and runs it from).
var deploymentContainerName = 'app-package'

// Built-in role definition ids.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  cognitiveServicesUser: 'a97b65f3-24c7-4388-baec-2e87135dc908'
}

// What the app's identity may do on the storage account. Durable Functions on Azure Storage with an identity needs
// exactly these three (task hub leases and large payloads in blobs, control and work-item queues, history and instance
// tables); they also cover the host's keys (blob), the queue triggers, the deployment package and the app's own data.
// Storage Queue Data Message Processor and Message Sender are not added: Queue Data Contributor already includes
// reading, processing, adding and deleting messages, and unlike them it may create queues ("{queue}-poison", the
// task hub's queues, the app's queues at start-up).
var storageDataRoles = [
  roles.storageBlobDataOwner
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${appName}-logs-${suffix}'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${appName}-ai-${suffix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    // Everything reaches the account with a managed identity; keys and SAS signed with them are refused.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: { publicAccess: 'None' }
}

// The Translator (Text Translation) the app calls with its managed identity: keys are switched off (disableLocalAuth), so
// there is no key to store or leak; the custom subdomain is what lets an Entra token reach it without the global
// endpoint's resource-id header.
resource translator 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: translatorName
  location: location
  kind: 'TextTranslation'
  sku: { name: translatorSku }
  properties: {
    customSubDomainName: translatorName
    publicNetworkAccess: 'Enabled'
    disableLocalAuth: true
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
  }
}

resource signingKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'auth-signing-key'
  properties: { value: authSigningKey }
}

resource webhookSecretValues 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [for marketplace in items(webhookSecrets): {
  parent: vault
  name: 'webhook-secret-${marketplace.key}'
  properties: { value: marketplace.value }
}]

resource durableSystemKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'durable-system-key'
  properties: { value: durableSystemKey }
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: '${appName}-plan-${suffix}'
  location: location
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

// Flex Consumption takes the runtime, scale and deployment source from functionAppConfig; it refuses the app settings
// that used to carry them (FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION, WEBSITE_RUN_FROM_PACKAGE,
// WEBSITE_CONTENT*) and the siteConfig properties it has no use for (alwaysOn, linuxFxVersion, ...), so none is set.
resource functionApp 'Microsoft.Web/sites@2024-11-01' = {
  name: functionAppName
  location: location
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: { type: 'SystemAssignedIdentity' }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: 2048
        maximumInstanceCount: maximumInstanceCount
      }
      // Flex Consumption lists dotnet-isolated 10.0 (az functionapp list-flexconsumption-runtimes); the API types the
      // version as a free string.
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in storageDataRoles: {
  name: guid(storage.id, functionApp.id, role)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}]

// Calling the Translator's data plane (translate, detect, languages) with the app's identity; nothing else on it.
resource translatorRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(translator.id, functionApp.id, roles.cognitiveServicesUser)
  scope: translator
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.cognitiveServicesUser)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource vaultRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, functionApp.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// The app settings (`__` for `:`), apart from the per-marketplace webhook secrets and the Application Insights
// connection string, which are added below. Kept in one variable so the infra tests can read them from the compiled
// template. Secrets are Key Vault references by vault and secret name (the latest version is read).
var appSettings = {
  // The Functions host's storage (keys, queue triggers, the Durable Functions task hub), by identity.
  AzureWebJobsStorage__accountName: storageName
  // The app's own storage clients, by identity (DefaultAzureCredential).
  Storage__AccountName: storageName
  Auth__SigningKey: '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=auth-signing-key)'
  Auth__Issuer: authIssuer
  Auth__Audience: authAudience
  DurableTask__TaskHubName: taskHubName
  DurableTask__SystemKey: '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=durable-system-key)'
  // Translation with the identity (no Translation__Key): the resource's custom-domain endpoint takes an Entra token alone.
  Translation__Enabled: 'true'
  Translation__Endpoint: 'https://${translatorName}.cognitiveservices.azure.com/translator/text/v3.0/'
  Translation__Region: location
}

// One setting per marketplace, referring to its Key Vault secret (created above).
var webhookSecretSettings = toObject(
  items(webhookSecrets),
  marketplace => 'Messaging__WebhookSecrets__${marketplace.key}',
  marketplace => '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=webhook-secret-${marketplace.key})'
)

// Written once the identity holds its roles and the secrets exist: the settings change restarts the app, so its first
// real start resolves the Key Vault references and reaches storage instead of starting without them.
resource functionAppSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: functionApp
  name: 'appsettings'
  dependsOn: [
    storageRoles
    vaultRole
    translatorRole
    signingKeySecret
    durableSystemKeySecret
    webhookSecretValues
    deploymentContainer
  ]
  properties: union(appSettings, webhookSecretSettings, {
    APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
  })
}

output functionAppName string = functionApp.name
output functionAppUrl string = 'https://${functionApp.properties.defaultHostName}'
output storageAccountName string = storage.name
output deploymentContainerUrl string = '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
output keyVaultName string = vault.name
