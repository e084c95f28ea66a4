// Values for main.bicep. Secrets are not written here: pass them on the command line or from the environment,
//   az deployment group create … --parameters main.bicepparam sqlAdministratorPassword=… teamsAppPassword=…
using 'main.bicep'

param namePrefix = 'commitmentbot'
param containerImage = 'myregistry.azurecr.io/commitmentbot:1.0.0'
param teamsAppId = '00000000-0000-0000-0000-000000000000'
param sqlAdministratorPassword = readEnvironmentVariable('COMMITMENTBOT_SQL_PASSWORD', '')
param teamsAppPassword = readEnvironmentVariable('COMMITMENTBOT_TEAMS_PASSWORD', '')
