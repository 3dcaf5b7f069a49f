using LoRASculpt.Contracts.Jobs;

namespace LoRASculpt.Grains.Scheduling;

/// <summary>
/// Queued jobs, one lane per fair-share key (a sweep, or a re-evaluation schedule). Dequeue order: eval shards before training (trained trials finish and
/// report first), and within each kind round-robin across sweeps so concurrent sweeps share workers evenly.
/// Job ids are unique: enqueueing an id already queued is a no-op.
/// </summary>
public sealed class FairJobQueue
{
    private sealed class Lane
    {
        public readonly LinkedList<QueuedJob> Eval = new();
        public readonly LinkedList<QueuedJob> Training = new();

        public bool IsEmpty => Eval.Count == 0 && Training.Count == 0;
    }

    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    /// <summary>Sweeps in round-robin order; the head is served next.</summary>
    private readonly LinkedList<string> _rotation = new();
    private readonly Dictionary<string, LinkedListNode<QueuedJob>> _byId = new(StringComparer.Ordinal);

    public int Count => _byId.Count;

    public bool Contains(string jobId) => _byId.ContainsKey(jobId);

    /// <summary>False when the job id is already queued.</summary>
    public bool Enqueue(QueuedJob job, bool atFront = false)
    {
        if (_byId.ContainsKey(job.JobId))
            return false;
        if (!_lanes.TryGetValue(job.FairShareKey, out var lane))
        {
            lane = new Lane();
            _lanes[job.FairShareKey] = lane;
            // A sweep that has not been served yet goes first: it is the one that waited longest.
            _rotation.AddFirst(job.FairShareKey);
        }
        var list = job.Kind == JobKind.EvalShard ? lane.Eval : lane.Training;
        _byId[job.JobId] = atFront ? list.AddFirst(job) : list.AddLast(job);
        return true;
    }

    /// <summary>The next job <paramref name="canRun"/> accepts (lanes whose head it refuses are skipped), or null.</summary>
    public QueuedJob? Dequeue(Func<QueuedJob, bool> canRun)
    {
        return Take(canRun, JobKind.EvalShard) ?? Take(canRun, JobKind.Training);
    }

    private QueuedJob? Take(Func<QueuedJob, bool> canRun, JobKind kind)
    {
        for (var node = _rotation.First; node is not null; node = node.Next)
        {
            var lane = _lanes[node.Value];
            var list = kind == JobKind.EvalShard ? lane.Eval : lane.Training;
            if (list.First is not { } head || !canRun(head.Value))
                continue;
            list.RemoveFirst();
            _byId.Remove(head.Value.JobId);
            // The served sweep goes to the back of the rotation.
            _rotation.Remove(node);
            if (lane.IsEmpty)
                _lanes.Remove(node.Value);
            else
                _rotation.AddLast(node);
            return head.Value;
        }
        return null;
    }

    /// <summary>Removes every queued job owned by an attempt of the trial; returns how many.</summary>
    public int RemoveTrial(string trialId)
    {
        var doomed = _byId.Values.Where(n => n.Value.IsOwnedByTrial(trialId)).ToArray();
        foreach (var node in doomed)
            RemoveNode(node);
        return doomed.Length;
    }

    public bool Remove(string jobId)
    {
        if (!_byId.TryGetValue(jobId, out var node))
            return false;
        RemoveNode(node);
        return true;
    }

    private void RemoveNode(LinkedListNode<QueuedJob> node)
    {
        var sweepId = node.Value.FairShareKey;
        node.List!.Remove(node);
        _byId.Remove(node.Value.JobId);
        if (_lanes[sweepId].IsEmpty)
        {
            _lanes.Remove(sweepId);
            _rotation.Remove(sweepId);
        }
    }
}
