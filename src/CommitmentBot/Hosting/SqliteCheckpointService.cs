using CommitmentBot.Storage.Data;

namespace CommitmentBot.Hosting;

/// <summary>
/// Checkpoints the embedded SQLite database's write-ahead log every second in the background, so no request
/// pays for SQLite's automatic checkpoint (an fsync of the database file inside whichever commit crosses
/// 1,000 log pages). Empties the log on shutdown. Registered only for a SQLite file.
/// </summary>
internal sealed partial class SqliteCheckpointService(DbConnectionFactory connections, ILogger<SqliteCheckpointService> logger) : BackgroundService
{
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (!connections.HasSqliteWriteAheadLog)
        {
            return Task.CompletedTask;
        }

        connections.TakeOverSqliteCheckpoints();
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!connections.HasSqliteWriteAheadLog)
        {
            return;
        }

        await base.StopAsync(cancellationToken);
        try
        {
            await connections.CheckpointSqliteAsync(truncate: true, cancellationToken);
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or OperationCanceledException)
        {
            LogFailed(logger, ex);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await connections.CheckpointSqliteAsync(truncate: false, stoppingToken);
            }
            catch (Microsoft.Data.Sqlite.SqliteException ex)
            {
                // The next tick tries again; the log only grows meanwhile.
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQLite checkpoint failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
