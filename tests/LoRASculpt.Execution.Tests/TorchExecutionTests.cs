using System.Runtime.InteropServices;
using LoRASculpt.Contracts.Execution;
using LoRASculpt.Core.Settings;
using LoRASculpt.Execution;
using LoRASculpt.Storage.Files;
using LoRASculpt.Training.Finetuning;

namespace LoRASculpt.Execution.Tests;

/// <summary>The torch executor's pieces that decide resumability and retries, without training anything.</summary>
public sealed class TorchExecutionTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("lorasculpt-exec-");

    [Fact]
    public async Task Checkpoints_are_uploaded_once_superseded_and_restored_on_another_machine()
    {
        var store = new FileArtifactStore(Path.Combine(_root.FullName, "store"));
        var firstMachine = Path.Combine(_root.FullName, "a");
        var sync = new CheckpointSync(store, "t-1", firstMachine);
        Assert.Equal(0, sync.Restore(CancellationToken.None));

        WriteCheckpoint(firstMachine, 10, [1, 2, 3]);
        sync.UploadNew(CancellationToken.None);
        WriteCheckpoint(firstMachine, 20, [4, 5, 6]);
        sync.UploadNew(CancellationToken.None);

        var keys = await store.ListAsync("checkpoints/t-1/");
        Assert.Equal(["checkpoints/t-1/checkpoint-000020/state.safetensors"], keys);

        var secondMachine = Path.Combine(_root.FullName, "b");
        Assert.Equal(20, new CheckpointSync(store, "t-1", secondMachine).Restore(CancellationToken.None));
        Assert.Equal([4, 5, 6], File.ReadAllBytes(Path.Combine(secondMachine, "checkpoint-000020", "state.safetensors")));
    }

    [Fact]
    public async Task A_newer_local_checkpoint_is_kept_over_an_older_stored_one()
    {
        var store = new FileArtifactStore(Path.Combine(_root.FullName, "store"));
        var local = Path.Combine(_root.FullName, "a");
        await store.WriteAsync("checkpoints/t-2/checkpoint-000010/state.safetensors", new MemoryStream([9]));
        WriteCheckpoint(local, 30, [7]);

        Assert.Equal(30, new CheckpointSync(store, "t-2", local).Restore(CancellationToken.None));
        Assert.False(Directory.Exists(Path.Combine(local, "checkpoint-000010")));
    }

    [Fact]
    public void Nan_loss_invalid_settings_and_out_of_memory_are_deterministic_everything_else_transient()
    {
        Assert.Equal(JobFailureKind.Deterministic, JobFailureClassifier.Classify(new NonFiniteLossException(3, new Dictionary<string, double> { ["task"] = double.NaN })).Kind);
        Assert.Equal(JobFailureKind.Deterministic, JobFailureClassifier.Classify(new SettingsValidationException([new SettingError("rank", "rank must be >= 1")])).Kind);
        Assert.Equal(JobFailureKind.Deterministic, JobFailureClassifier.Classify(new OutOfMemoryException()).Kind);
        Assert.Equal(JobFailureKind.Deterministic, JobFailureClassifier.Classify(new ExternalException("[enforce fail at alloc_cpu.cpp:117] DefaultCPUAllocator: can't allocate memory")).Kind);
        Assert.Equal(JobFailureKind.Transient, JobFailureClassifier.Classify(new IOException("disk hiccup")).Kind);
        Assert.Equal(JobFailureKind.Transient, JobFailureClassifier.Classify(new ExternalException("some other torch error")).Kind);
    }

    [Fact]
    public void A_native_stack_trace_is_cut_from_the_failure_reason()
    {
        var native = new ExternalException("Unknown scalar type.\nException raised from type at /pytorch/c10/core/Scalar.h:339 (most recent call first):\nframe #0: ...");

        Assert.Equal("ExternalException: Unknown scalar type", JobFailureClassifier.Classify(native).Message);
    }

    [Theory]
    [InlineData(0, 1, 2, 2)]
    [InlineData(0, 2, 2, 1)]
    [InlineData(0, 4, 16, 4)]
    [InlineData(0, 3, 2, 1)]
    [InlineData(3, 8, 2, 3)]
    public void Torch_threads_are_the_cores_divided_by_the_slots(int configured, int slots, int processors, int expected) =>
        Assert.Equal(expected, TorchThreads.For(configured, slots, processors));

    [Fact]
    public void Artifact_keys_are_valid_and_checkpoints_are_per_trial_not_per_attempt()
    {
        Assert.Equal("adapters/t-abc/a2/adapter.safetensors", TrialArtifactKeys.Adapter("t-abc", 2));
        Assert.Equal("checkpoints/t-abc/checkpoint-000040/state.safetensors", TrialArtifactKeys.Checkpoint("t-abc", 40));
        Assert.Equal(40, TrialArtifactKeys.StepOf("checkpoint-000040"));
        Assert.Null(TrialArtifactKeys.StepOf(".checkpoint-000040.tmp"));
        Assert.Throws<ArgumentException>(() => TrialArtifactKeys.Adapter("../escape", 1));
    }

    private static void WriteCheckpoint(string directory, int step, byte[] content)
    {
        var path = Path.Combine(directory, TrialArtifactKeys.CheckpointDirectoryName(step));
        Directory.CreateDirectory(path);
        File.WriteAllBytes(Path.Combine(path, TrialArtifactKeys.CheckpointFile), content);
    }

    public void Dispose() => _root.Delete(recursive: true);
}
