using Microsoft.Extensions.Logging;

namespace LoRASculpt.Grains.Calls;

/// <summary>
/// The two ways orchestration calls another grain without letting a failure stop the caller: fire-and-forget (the
/// message may be lost; a later pass repairs it, see docs/architecture.md) and a bounded retry loop with growing waits
/// (for reports whose loss would cost a rerun). Failures are logged here, once, with what was being sent.
/// </summary>
public static partial class BackgroundCalls
{
    /// <summary>Starts <paramref name="call"/> and returns at once; a failure is logged as a warning naming <paramref name="what"/>.</summary>
    public static void Forget(Func<Task> call, ILogger logger, string what) => _ = RunAsync(call, logger, what);

    /// <summary>
    /// Calls until it succeeds, <paramref name="tries"/> have failed, or <paramref name="stopping"/> is cancelled; waits
    /// <see cref="RetryDelay"/> between tries. Returns the result, or <paramref name="fallback"/> when it gave up.
    /// </summary>
    public static async Task<T> RetryAsync<T>(
        Func<Task<T>> call, int tries, ILogger logger, string what, T fallback, CancellationToken stopping)
    {
        for (var attempt = 1; !stopping.IsCancellationRequested; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (attempt < tries)
            {
                LogRetrying(logger, e, what, attempt);
                await DelayAsync(RetryDelay(attempt), stopping);
            }
            catch (Exception e)
            {
                LogGaveUp(logger, e, what, attempt);
                return fallback;
            }
        }
        return fallback;
    }

    /// <inheritdoc cref="RetryAsync{T}"/>
    public static Task RetryAsync(Func<Task> call, int tries, ILogger logger, string what, CancellationToken stopping) =>
        RetryAsync(async () =>
        {
            await call();
            return true;
        }, tries, logger, what, false, stopping);

    /// <summary>100 ms, then three times longer per try (100, 300, 900 ms, ...).</summary>
    public static TimeSpan RetryDelay(int attempt) => TimeSpan.FromMilliseconds(100 * Math.Pow(3, attempt - 1));

    private static async Task RunAsync(Func<Task> call, ILogger logger, string what)
    {
        try
        {
            await call();
        }
        catch (Exception e)
        {
            LogLost(logger, e, what);
        }
    }

    private static async Task DelayAsync(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, stopping);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{What} failed; not retried (a later pass repairs it)")]
    private static partial void LogLost(ILogger logger, Exception exception, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{What} failed (try {Attempt}); retrying")]
    private static partial void LogRetrying(ILogger logger, Exception exception, string what, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "{What} failed {Attempt} times; gave up")]
    private static partial void LogGaveUp(ILogger logger, Exception exception, string what, int attempt);
}
