using System.Globalization;
using System.Text;
using LoRASculpt.Contracts.Execution;

namespace LoRASculpt.Execution;

/// <summary>How often a waiting silo looks for the published base, how often the pretraining silo renews its claim, and when an unrenewed claim counts as abandoned.</summary>
internal sealed record BaseModelClaimTiming(TimeSpan Poll, TimeSpan Renew, TimeSpan StaleAfter)
{
    /// <summary>Four missed renewals before a claim is broken: tolerates storage hiccups and modest clock skew between machines.</summary>
    public static BaseModelClaimTiming Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2));
}

/// <summary>
/// One silo's claim to pretrain a base model for the whole cluster: the artifact "base-models/{key}/pretraining.claim"
/// (owner and time), created only when absent, rewritten every <see cref="BaseModelClaimTiming.Renew"/> while
/// pretraining runs and deleted on dispose. The time is the owner's clock, so staleness tolerates skew only up to
/// <see cref="BaseModelClaimTiming.StaleAfter"/> minus one renewal.
/// </summary>
internal sealed class BaseModelClaim : IDisposable
{
    public const string FileName = "pretraining.claim";

    private readonly IArtifactStore _store;
    private readonly string _key;
    private readonly string _owner;
    private readonly TimeProvider _clock;
    private readonly ITimer _renewal;
    private readonly Lock _gate = new();
    private bool _released;

    private BaseModelClaim(IArtifactStore store, string key, string owner, TimeProvider clock, TimeSpan renew)
    {
        (_store, _key, _owner, _clock) = (store, key, owner, clock);
        _renewal = clock.CreateTimer(_ => Renew(), null, renew, renew);
    }

    /// <summary>The claim when this caller created it; null when another owner holds one.</summary>
    public static BaseModelClaim? TryTake(IArtifactStore store, string key, string owner, TimeProvider clock, BaseModelClaimTiming timing, CancellationToken cancellationToken)
    {
        using var content = Content(owner, clock.GetUtcNow());
        return store.TryCreateAsync(key, content, cancellationToken).GetAwaiter().GetResult()
            ? new BaseModelClaim(store, key, owner, clock, timing.Renew)
            : null;
    }

    /// <summary>When the current claim was last written; null when there is none. An unreadable claim counts as infinitely old.</summary>
    public static DateTimeOffset? LastRenewed(IArtifactStore store, string key, CancellationToken cancellationToken)
    {
        using var stream = store.OpenReadAsync(key, cancellationToken).GetAwaiter().GetResult();
        if (stream is null)
            return null;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        _ = reader.ReadLine();
        return DateTimeOffset.TryParse(reader.ReadLine(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at
            : DateTimeOffset.MinValue;
    }

    public void Dispose()
    {
        _renewal.Dispose();
        // Under the gate: a renewal still running would otherwise write the claim back after the delete.
        lock (_gate)
        {
            if (_released)
                return;
            _released = true;
        }
        try
        {
            _store.DeleteAsync(_key).GetAwaiter().GetResult();
        }
        catch (Exception)
        {
            // Best effort: an undeleted claim only makes other silos wait until it goes stale.
        }
    }

    private void Renew()
    {
        try
        {
            lock (_gate)
            {
                if (_released)
                    return;
                using var content = Content(_owner, _clock.GetUtcNow());
                _store.WriteAsync(_key, content).GetAwaiter().GetResult();
            }
        }
        catch (Exception)
        {
            // A missed renewal is retried on the next tick; if they all fail, another silo breaks the claim and
            // pretrains too, which costs time but not correctness (the first published base wins).
        }
    }

    private static MemoryStream Content(string owner, DateTimeOffset at) =>
        new(Encoding.UTF8.GetBytes($"{owner}\n{at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}\n"));
}
