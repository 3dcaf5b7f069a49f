using System.Text;
using LoRASculpt.Contracts.Execution;
using LoRASculpt.Core.Models;
using LoRASculpt.Execution;
using LoRASculpt.Storage.Files;
using LoRASculpt.Training;
using LoRASculpt.Training.Pretraining;
using Microsoft.Extensions.Time.Testing;

namespace LoRASculpt.Execution.Tests;

/// <summary>
/// Base models shared by the silos of a cluster through one artifact store (files here, Blob storage in a
/// cluster): one silo pretrains under a claim, the others wait for its copy; the first published copy wins.
/// Silo "machines" are directories; no model is trained (a base model file is any bytes).
/// </summary>
public sealed class SharedBaseModelsTests : IDisposable
{
    private const string Preset = "micro-llava";
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly BaseModelClaimTiming Timing = new(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2));
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("lorasculpt-bases-");
    private readonly TrialRunnerOptions _runner = new();
    private readonly FileArtifactStore _store;

    public SharedBaseModelsTests() => _store = new FileArtifactStore(Path.Combine(_root.FullName, "store"));

    [Fact]
    public async Task While_one_silo_pretrains_a_base_another_waits_for_its_copy_instead_of_pretraining()
    {
        var (a, b) = (Silo("a"), Silo("b"));
        using var claim = a.Acquire(Preset, "worker-a", waiting: null, CancellationToken.None);
        Assert.NotNull(claim);
        Assert.Equal("worker-a", ClaimOwner());

        var bIsWaiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = Task.Run(() => b.Acquire(Preset, "worker-b", bIsWaiting.SetResult, CancellationToken.None));
        await bIsWaiting.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(waiting.IsCompleted);
        File.WriteAllBytes(LocalBase("a"), [7, 7, 7]); // a pretrained
        Assert.True(a.Publish(Preset, CancellationToken.None));
        claim.Dispose();

        Assert.Null(await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal([7, 7, 7], File.ReadAllBytes(LocalBase("b")));
        Assert.Null(ClaimOwner());
    }

    [Fact]
    public void A_claim_whose_owner_stopped_renewing_it_is_broken_and_taken()
    {
        var clock = new FakeTimeProvider(Start);
        WriteClaim("dead-silo", Start);
        clock.Advance(Timing.StaleAfter + TimeSpan.FromSeconds(1));

        using var claim = Silo("b", clock).Acquire(Preset, "worker-b", waiting: null, FailInsteadOfHanging());

        Assert.NotNull(claim);
        Assert.Equal("worker-b", ClaimOwner());
    }

    [Fact]
    public void A_renewed_claim_is_not_broken_and_the_waiting_silo_stops_when_cancelled()
    {
        var clock = new FakeTimeProvider(Start);
        using var claim = Silo("a", clock).Acquire(Preset, "worker-a", waiting: null, CancellationToken.None);
        for (var renewals = 0; renewals < 5; renewals++)
            clock.Advance(Timing.Renew); // 2.5 min after the claim was taken, 0 s after its last renewal
        Assert.Equal(clock.GetUtcNow(), BaseModelClaim.LastRenewed(_store, ClaimKey(), CancellationToken.None));

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        Assert.ThrowsAny<OperationCanceledException>(() => Silo("b", clock).Acquire(Preset, "worker-b", waiting: null, cancel.Token));

        Assert.Equal("worker-a", ClaimOwner());
        Assert.False(File.Exists(LocalBase("b")));
    }

    [Fact]
    public void A_claim_is_released_when_its_pretraining_fails_so_another_silo_takes_it_at_once()
    {
        var clock = new FakeTimeProvider(Start);
        Silo("a", clock).Acquire(Preset, "worker-a", waiting: null, CancellationToken.None)!.Dispose(); // pretraining threw

        using var claim = Silo("b", clock).Acquire(Preset, "worker-b", waiting: null, FailInsteadOfHanging());

        Assert.NotNull(claim);
        Assert.Equal("worker-b", ClaimOwner());
    }

    [Fact]
    public void A_silo_with_the_base_already_on_disk_takes_no_claim()
    {
        File.WriteAllBytes(LocalBase("a"), [1]);

        Assert.Null(Silo("a").Acquire(Preset, "worker-a", waiting: null, CancellationToken.None));
        Assert.Null(ClaimOwner());
    }

    [Fact]
    public void Of_two_silos_that_pretrained_the_same_base_the_first_to_publish_wins_and_the_other_takes_its_copy()
    {
        File.WriteAllBytes(LocalBase("a"), [1, 1, 1]); // both pretrained at once (a claim broken as stale); the weights differ
        File.WriteAllBytes(LocalBase("b"), [2, 2]);

        Assert.True(Silo("a").Publish(Preset, CancellationToken.None));
        Assert.False(Silo("b").Publish(Preset, CancellationToken.None));

        Assert.Equal([1, 1, 1], File.ReadAllBytes(LocalBase("b")));
        Assert.Equal([1, 1, 1], File.ReadAllBytes(LocalBase("a")));
    }

    public void Dispose() => _root.Delete(recursive: true);

    /// <summary>For calls that must not wait at all: a regression then fails the test instead of hanging the run.</summary>
    private static CancellationToken FailInsteadOfHanging() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private SharedBaseModels Silo(string machine, TimeProvider? clock = null) =>
        new(_store, Path.Combine(_root.FullName, machine), _runner, enabled: true, clock, Timing);

    private string LocalBase(string machine)
    {
        var path = new BaseModelStore(Path.Combine(_root.FullName, machine, "base-models"))
            .PathFor(ModelPresets.Get(Preset), _runner.BaseSeed, _runner.Pretraining);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    private string ClaimKey() =>
        TrialArtifactKeys.BaseModel(BaseModelStore.Key(ModelPresets.Get(Preset), _runner.BaseSeed, _runner.Pretraining), BaseModelClaim.FileName);

    private void WriteClaim(string owner, DateTimeOffset at) =>
        _store.WriteAsync(ClaimKey(), new MemoryStream(Encoding.UTF8.GetBytes($"{owner}\n{at.UtcDateTime:O}\n"))).GetAwaiter().GetResult();

    private string? ClaimOwner()
    {
        using var stream = _store.OpenReadAsync(ClaimKey()).GetAwaiter().GetResult();
        return stream is null ? null : new StreamReader(stream).ReadLine();
    }
}
