using CommitmentBot.Hosting;
using CommitmentBot.Storage.Migrations;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Cli;

/// <summary>
/// <c>migrate [--create-database]</c>: applies the database migrations and exits, for locked-down production where
/// the app's own account may not change the schema (the compose file's one-shot service, the Kubernetes Job). Reads
/// the same configuration as the app (<c>Storage:Provider</c>, <c>ConnectionStrings:CommitmentBot</c>, environment
/// variables, command line). <c>--create-database</c> first creates the database when the server lacks it.
/// </summary>
public static class MigrateVerb
{
    public const string CreateDatabaseFlag = "--create-database";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var createDatabase = args.Contains(CreateDatabaseFlag, StringComparer.Ordinal);
        var builder = WebApplication.CreateSlimBuilder(args.Where(a => a != CreateDatabaseFlag).ToArray());
        try
        {
            var options = StorageRegistration.ReadStorageOptions(builder.Configuration, builder.Environment);
            var result = MigrationRunner.Run(options, logger: null, createDatabase);
            if (!result.Succeeded)
            {
                error.WriteLine($"migrate: failed: {result.Error}");
                return 1;
            }

            output.WriteLine(result.AppliedScripts.Count == 0
                ? $"migrate: {options.Provider} database is up to date."
                : $"migrate: applied {string.Join(", ", result.AppliedScripts)} to the {options.Provider} database.");
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            error.WriteLine($"migrate: {ex.Message}");
            return 2;
        }
    }
}
