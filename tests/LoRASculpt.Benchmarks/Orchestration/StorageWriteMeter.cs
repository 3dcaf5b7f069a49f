using System.Diagnostics.Metrics;

namespace LoRASculpt.Benchmarks.Orchestration;

/// <summary>
/// Counts grain-state writes and their latency from Orleans' own "orleans-storage-write-latency" histogram
/// (one measurement per WriteStateAsync, in milliseconds), per state name.
/// </summary>
internal sealed class StorageWriteMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, (long Count, double Milliseconds)> _byState = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public StorageWriteMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "orleans-storage-write-latency")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((_, value, tags, _) => Record(value, tags));
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) => Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, _) => Record(value, tags));
        _listener.Start();
    }

    public IReadOnlyDictionary<string, (long Count, double Milliseconds)> Snapshot()
    {
        lock (_lock)
            return new Dictionary<string, (long, double)>(_byState);
    }

    public void Reset()
    {
        lock (_lock)
            _byState.Clear();
    }

    private void Record(double milliseconds, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var state = "";
        foreach (var tag in tags)
        {
            if (tag.Key.Contains("state", StringComparison.OrdinalIgnoreCase) || tag.Key.Contains("type", StringComparison.OrdinalIgnoreCase))
                state += (state.Length > 0 ? "," : "") + tag.Value;
        }
        if (state.Length == 0)
            state = string.Join(",", tags.ToArray().Select(t => t.Key));
        lock (_lock)
        {
            var (count, total) = _byState.GetValueOrDefault(state);
            _byState[state] = (count + 1, total + milliseconds);
        }
    }

    public void Dispose() => _listener.Dispose();
}
