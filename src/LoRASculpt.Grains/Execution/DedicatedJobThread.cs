using System.Collections.Concurrent;

namespace LoRASculpt.Grains.Execution;

/// <summary>
/// One long-lived thread per worker slot that runs its jobs, outside any grain turn. The same thread runs
/// every job of the worker, so an executor's thread-bound state (TorchSharp dispose scopes, the loaded
/// base model) stays on one thread. Results come back as tasks the worker grain awaits.
/// </summary>
internal sealed class DedicatedJobThread : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly Task _loop;

    public DedicatedJobThread()
    {
        _loop = Task.Factory.StartNew(Loop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public Task<T> Run<T>(Func<T> work)
    {
        // Continuations run asynchronously: they belong on the awaiting grain's scheduler, not on this thread.
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                completion.SetResult(work());
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        });
        return completion.Task;
    }

    private void Loop()
    {
        foreach (var item in _work.GetConsumingEnumerable())
            item();
    }

    /// <summary>Lets queued work finish, then ends the thread.</summary>
    public void Dispose()
    {
        _work.CompleteAdding();
        _loop.Wait(TimeSpan.FromSeconds(30));
        _work.Dispose();
    }
}
