using LoRASculpt.Grains.Calls;
using Microsoft.Extensions.Logging;

namespace LoRASculpt.Grains.Tests.Units;

public sealed class BackgroundCallsTests
{
    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }

    [Fact]
    public void A_forgotten_call_that_fails_is_logged_once_with_what_it_was()
    {
        var logger = new ListLogger();

        BackgroundCalls.Forget(() => Task.FromException(new TimeoutException("no reply")), logger, "Notifying sweep s1");

        Assert.Equal([(LogLevel.Warning, "Notifying sweep s1 failed; not retried (a later pass repairs it)")], logger.Entries);
    }

    [Fact]
    public async Task A_retried_call_returns_the_first_success()
    {
        var logger = new ListLogger();
        var calls = 0;

        var result = await BackgroundCalls.RetryAsync(
            () => ++calls < 3 ? Task.FromException<int>(new TimeoutException()) : Task.FromResult(42), 6, logger, "Reporting x", -1, CancellationToken.None);

        Assert.Equal((42, 3), (result, calls));
        Assert.Equal(["Reporting x failed (try 1); retrying", "Reporting x failed (try 2); retrying"], logger.Entries.Select(e => e.Message));
    }

    [Fact]
    public async Task A_retried_call_gives_up_after_its_tries_with_the_fallback()
    {
        var logger = new ListLogger();
        var calls = 0;

        var result = await BackgroundCalls.RetryAsync(() =>
        {
            calls++;
            return Task.FromException<string?>(new TimeoutException());
        }, 2, logger, "Reporting y", "fallback", CancellationToken.None);

        Assert.Equal(("fallback", 2), (result, calls));
        Assert.Equal([LogLevel.Warning, LogLevel.Error], logger.Entries.Select(e => e.Level));
    }

    [Fact]
    public async Task A_stopping_caller_does_not_call()
    {
        var calls = 0;

        await BackgroundCalls.RetryAsync(() => Task.FromResult(++calls), 6, new ListLogger(), "z", 0, new CancellationToken(canceled: true));

        Assert.Equal(0, calls);
        Assert.Equal([100.0, 300.0, 900.0], new[] { 1, 2, 3 }.Select(n => BackgroundCalls.RetryDelay(n).TotalMilliseconds));
    }
}
