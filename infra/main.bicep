// Azure resources for the marketplace messaging backend: the app runs as an Azure Functions custom
// handler (Linux) with a system-assigned managed identity; storage is reached without keys.
targetScope = 'resourceGroup'

@description('Short name used in every resource name (lowercase letters and digits).')
@minLength(3)
@maxLength(11)
param appName string = 'mktmsg'

@description('Region for every resource.')
param location string = resourceGroup().location

@description('App Service plan SKU for the Function App (a dedicated Linux plan needs no content file share).')
param planSku string = 'P0v3'

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

@description('Key that signs the Durable management URLs (at least 32 characters). Stored in Key Vault, read by the app as DurableTask:SystemKey.')
@secure()
@minLength(32)
param durableSystemKey string

var suffix = uniqueString(resourceGroup().id, appName)
var storageName = take('${appName}${suffix}', 24)
var functionAppName = '${appName}-func-${suffix}'
var vaultName = take('${appName}-kv-${suffix}', 24)

// Built-in role definition ids.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
}

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

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    // The app and the Functions host both use the managed identity; no account keys needed.
    allowSharedKeyAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource translator 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: '${appName}-translator-${suffix}'
  location: location
  kind: 'TextTranslation'
  sku: { name: translatorSku }
  properties: {
    customSubDomainName: '${appName}-translator-${suffix}'
    publicNetworkAccess: 'Enabled'
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

resource translatorKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'translator-key'
  properties: { value: translator.listKeys().key1 }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${appName}-plan-${suffix}'
  location: location
  kind: 'linux'
  sku: { name: planSku }
  properties: { reserved: true }
}

// One app setting per marketplace, referring to its Key Vault secret by name (the secrets are created above).
var webhookSecretSettings = [for marketplace in items(webhookSecrets): {
  name: 'Messaging__WebhookSecrets__${marketplace.key}'
  value: '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=webhook-secret-${marketplace.key})'
}]

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  dependsOn: [webhookSecretValues]
  location: location
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      appSettings: concat([
        { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
        { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'custom' }
        { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        // The host's own storage and its queue triggers ("connection": "AzureWebJobsStorage"), by identity.
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        // The app's settings (see local.settings.sample.json).
        { name: 'Storage__AccountName', value: storage.name }
        { name: 'Storage__ConnectionString', value: '' }
        { name: 'Auth__SigningKey', value: '@Microsoft.KeyVault(SecretUri=${signingKeySecret.properties.secretUri})' }
        { name: 'Auth__Issuer', value: authIssuer }
        { name: 'Auth__Audience', value: authAudience }
        { name: 'Hosting__Mode', value: 'CustomHandler' }
        { name: 'DurableTask__SystemKey', value: '@Microsoft.KeyVault(SecretUri=${durableSystemKeySecret.properties.secretUri})' }
        { name: 'Translator__Endpoint', value: 'https://api.cognitive.microsofttranslator.com' }
        { name: 'Translator__Region', value: location }
        { name: 'Translator__Key', value: '@Microsoft.KeyVault(SecretUri=${translatorKeySecret.properties.secretUri})' }
      ], webhookSecretSettings)
    }
  }
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in [roles.storageBlobDataOwner, roles.storageQueueDataContributor, roles.storageTableDataContributor]: {
  name: guid(storage.id, functionApp.id, role)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}]

resource vaultRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, functionApp.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

output functionAppName string = functionApp.name
output functionAppUrl string = 'https://${functionApp.properties.defaultHostName}'
output storageAccountName string = storage.name
output keyVaultName string = vault.name
