// CommitmentBot on Azure: the app on Azure Container Apps (two or more replicas), Azure SQL Database, a Log Analytics
// workspace for the logs, and an Azure Bot (single tenant, Teams channel on) whose messaging endpoint is the app.
//
//   az group create --name commitmentbot --location westeurope
//   az deployment group create --resource-group commitmentbot --template-file deploy/azure/main.bicep \
//     --parameters deploy/azure/main.bicepparam
//
// The bot's Microsoft Entra app registration (its app id and a client secret) is made beforehand (README, "Deploy"):
// Bicep cannot create it. Every secret is a Container Apps secret; none is an output.

targetScope = 'resourceGroup'

@description('Prefix of every resource name (letters and digits, 3-16 characters).')
@minLength(3)
@maxLength(16)
param namePrefix string = 'commitmentbot'

@description('Region of every resource.')
param location string = resourceGroup().location

@description('The container image built from deploy/docker/Dockerfile, e.g. myregistry.azurecr.io/commitmentbot:1.0.0.')
param containerImage string

@description('Replicas always running; two or more, so a restart or a crash never stops the clock.')
@minValue(2)
@maxValue(10)
param minReplicas int = 2

@description('Replicas at most, under load.')
@minValue(2)
@maxValue(30)
param maxReplicas int = 4

@description('Administrator login of the Azure SQL server.')
param sqlAdministratorLogin string = 'commitmentbot'

@description('Administrator password of the Azure SQL server (the app connects with it).')
@secure()
param sqlAdministratorPassword string

@description('Azure SQL Database service objective, e.g. S0, GP_S_Gen5_1.')
param sqlDatabaseSku string = 'S0'

@description('The bot\'s Microsoft Entra application (client) id: Teams:AppId.')
param teamsAppId string

@description('A client secret of that application: Teams:AppPassword.')
@secure()
param teamsAppPassword string

@description('The tenant of that single-tenant application: Teams:TenantId.')
param teamsTenantId string = tenant().tenantId

@description('Azure Bot pricing tier: F0 (free, standard channels) or S1.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Slack signing secret, when the same deployment also serves Slack (empty: Teams only).')
@secure()
param slackSigningSecret string = ''

@description('Slack bot token (xoxb-…) for one workspace (empty: Teams only, or OAuth installs).')
@secure()
param slackBotToken string = ''

var suffix = uniqueString(resourceGroup().id, namePrefix)
var sqlServerName = toLower('${namePrefix}-sql-${suffix}')
var sqlDatabaseName = 'commitmentbot'
var slackEnabled = !empty(slackSigningSecret)

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${namePrefix}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource sqlServer 'Microsoft.Sql/servers@2023-08-01-preview' = {
  name: sqlServerName
  location: location
  properties: {
    administratorLogin: sqlAdministratorLogin
    administratorLoginPassword: sqlAdministratorPassword
    minimalTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

// Lets Azure services (the Container Apps environment) reach the server; nothing else gets through.
resource sqlAllowAzure 'Microsoft.Sql/servers/firewallRules@2023-08-01-preview' = {
  parent: sqlServer
  name: 'AllowAzureServices'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource sqlDatabase 'Microsoft.Sql/servers/databases@2023-08-01-preview' = {
  parent: sqlServer
  name: sqlDatabaseName
  location: location
  sku: {
    name: sqlDatabaseSku
  }
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${namePrefix}-env'
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
  }
}

var connectionString = 'Server=tcp:${sqlServer.properties.fullyQualifiedDomainName},1433;Database=${sqlDatabaseName};User Id=${sqlAdministratorLogin};Password=${sqlAdministratorPassword};Encrypt=True;TrustServerCertificate=False;Connection Timeout=30'

var baseSecrets = [
  {
    name: 'sql-connection'
    value: connectionString
  }
  {
    name: 'teams-app-password'
    value: teamsAppPassword
  }
]
var slackSecrets = slackEnabled
  ? [
      {
        name: 'slack-signing-secret'
        value: slackSigningSecret
      }
      {
        name: 'slack-bot-token'
        value: slackBotToken
      }
    ]
  : []

var baseEnvironment = [
  {
    name: 'ASPNETCORE_HTTP_PORTS'
    value: '8080'
  }
  {
    name: 'App__DataPath'
    value: '/tmp/commitmentbot'
  }
  {
    name: 'Logging__Console__FormatterName'
    value: 'json'
  }
  {
    name: 'DOTNET_SHUTDOWNTIMEOUTSECONDS'
    value: '30'
  }
  {
    name: 'Storage__Provider'
    value: 'SqlServer'
  }
  {
    name: 'ConnectionStrings__CommitmentBot'
    secretRef: 'sql-connection'
  }
  {
    name: 'Teams__AppId'
    value: teamsAppId
  }
  {
    name: 'Teams__AppPassword'
    secretRef: 'teams-app-password'
  }
  {
    name: 'Teams__TenantId'
    value: teamsTenantId
  }
  {
    name: 'Teams__AppType'
    value: 'SingleTenant'
  }
]
var slackEnvironment = slackEnabled
  ? [
      {
        name: 'Slack__SigningSecret'
        secretRef: 'slack-signing-secret'
      }
      {
        name: 'Slack__BotToken'
        secretRef: 'slack-bot-token'
      }
    ]
  : []

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: '${namePrefix}-app'
  location: location
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: 8080
        transport: 'auto'
        allowInsecure: false
      }
      secrets: concat(baseSecrets, slackSecrets)
    }
    template: {
      // On SIGTERM the app stops claiming work and finishes or hands back its sends within 30 s.
      terminationGracePeriodSeconds: 45
      containers: [
        {
          name: 'commitmentbot'
          image: containerImage
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          env: concat(baseEnvironment, slackEnvironment, [
            {
              // The app's public address, for the Teams package and the Slack manifest.
              name: 'App__PublicUrl'
              value: 'https://${namePrefix}-app.${environment.properties.defaultDomain}'
            }
          ])
          probes: [
            {
              type: 'Startup'
              httpGet: {
                path: '/healthz/live'
                port: 8080
              }
              periodSeconds: 2
              failureThreshold: 30
            }
            {
              type: 'Liveness'
              httpGet: {
                path: '/healthz/live'
                port: 8080
              }
              periodSeconds: 10
              failureThreshold: 3
            }
            {
              type: 'Readiness'
              httpGet: {
                path: '/healthz/ready'
                port: 8080
              }
              periodSeconds: 10
              failureThreshold: 3
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'http'
            http: {
              metadata: {
                concurrentRequests: '100'
              }
            }
          }
        ]
      }
    }
  }
  dependsOn: [
    sqlDatabase
    sqlAllowAzure
  ]
}

var appUrl = 'https://${app.properties.configuration.ingress.fqdn}'

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${namePrefix}-bot-${suffix}'
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: 'CommitmentBot'
    endpoint: '${appUrl}/api/messages'
    msaAppId: teamsAppId
    msaAppType: 'SingleTenant'
    msaAppTenantId: teamsTenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

@description('The app\'s public https address (App:PublicUrl).')
output appUrl string = appUrl

@description('The Azure Bot messaging endpoint (Teams).')
output messagingEndpoint string = bot.properties.endpoint

@description('Slack request URLs for the app manifest: slash command, interactivity and events.')
output slackRequestUrls object = {
  commands: '${appUrl}/slack/commands'
  interactivity: '${appUrl}/slack/interactivity'
  events: '${appUrl}/slack/events'
}

@description('The Teams channel is on for the bot.')
output teamsChannelEnabled bool = teamsChannel.properties.properties.isEnabled

@description('The Azure SQL server (its database holds the promises, Hangfire\'s jobs and the key ring).')
output sqlServerFqdn string = sqlServer.properties.fullyQualifiedDomainName
