using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace CommitmentBot.Clock;

/// <summary>
/// Hangfire's log provider, safe to outlive its host. Hangfire keeps one provider for the whole process, bound
/// to the logger factory of the host that configured it last. Where one process runs several hosts (the
/// end-to-end tests do), disposing that host made every other host's next Hangfire client fail to start
/// (<see cref="ObjectDisposedException"/> from the factory), and a command that enqueues a job failed with it.
/// Loggers asked for after the factory is gone are silent instead.
/// </summary>
internal sealed class HangfireLogProvider(ILoggerFactory loggerFactory) : ILogProvider
{
    private readonly AspNetCoreLogProvider inner = new(loggerFactory);

    public ILog GetLogger(string name)
    {
        try
        {
            return inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return SilentLog.Instance;
        }
    }

    private sealed class SilentLog : ILog
    {
        public static readonly SilentLog Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
