using System.Text;
using LoRASculpt.Execution;
using LoRASculpt.Storage.Files;
using LoRASculpt.TestSupport.Checkpoints;
using Microsoft.Extensions.Configuration;

namespace LoRASculpt.Execution.Tests;

/// <summary>
/// Real base models reach a silo from a configured directory, the path itself, or the artifact store (downloaded
/// once per machine). "Machines" are directories sharing one file artifact store, as silos share a Blob container.
/// </summary>
public sealed class ModelDirectoryResolverTests : IDisposable
{
    private const string Name = "llava-1.5-7b-hf";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("lorasculpt-models-");
    private readonly FileArtifactStore _store;
    private readonly CountingArtifactStore _counting;

    public ModelDirectoryResolverTests()
    {
        _store = new FileArtifactStore(Path.Combine(_root.FullName, "data", "artifacts"));
        _counting = new CountingArtifactStore(_store);
    }

    /// <summary>A reference to a path no machine here has: only the store can supply it.</summary>
    private string Reference => Path.Combine(_root.FullName, "nowhere", Name);

    private string Source => Path.Combine(_root.FullName, "machine-a", Name);

    [Fact]
    public void Resolving_twice_downloads_each_file_once()
    {
        Upload();
        var resolver = Resolver("machine-b");

        var first = resolver.Resolve(Reference, CancellationToken.None);
        var second = new ModelDirectoryResolver(_counting, Options("machine-b")).Resolve(Reference + "/", CancellationToken.None);

        Assert.Equal(first, second);
        foreach (var file in TinyCheckpoint.ModelFiles)
            Assert.Equal(1, _counting.Reads(ModelArtifactKeys.File(Name, file)));
        Assert.Equal(1, _counting.Reads(ModelArtifactKeys.Manifest(Name)));
    }

    [Fact]
    public async Task Concurrent_slots_of_one_silo_wait_for_one_download()
    {
        Upload();
        const int slots = 4;
        using var start = new Barrier(slots);
        var results = Enumerable.Range(0, slots)
            .Select(_ => Task.Factory.StartNew(() =>
            {
                var resolver = Resolver("machine-b");
                start.SignalAndWait();
                return resolver.Resolve(Reference, CancellationToken.None);
            }, TaskCreationOptions.LongRunning))
            .ToArray();

        var resolved = await Task.WhenAll(results).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(resolved.Distinct());
        foreach (var file in TinyCheckpoint.ModelFiles)
            Assert.Equal(1, _counting.Reads(ModelArtifactKeys.File(Name, file)));
    }

    [Fact]
    public void A_download_without_its_complete_marker_is_done_again()
    {
        Upload();
        var resolved = Resolver("machine-b").Resolve(Reference, CancellationToken.None);
        // A crash mid-download: no marker, a truncated shard, a temporary file left over.
        File.Delete(Path.Combine(resolved, ModelDirectoryResolver.CompleteMarker));
        var shard = Path.Combine(resolved, "model-00002-of-00002.safetensors");
        File.WriteAllBytes(shard, File.ReadAllBytes(shard)[..10]);
        File.WriteAllBytes(Path.Combine(resolved, "model-00001-of-00002.safetensors.0123.download"), [1, 2]);

        Assert.Equal(resolved, Resolver("machine-b").Resolve(Reference, CancellationToken.None));

        Assert.Equal([ModelDirectoryResolver.CompleteMarker, .. TinyCheckpoint.ModelFiles],
            Directory.GetFiles(resolved).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var file in TinyCheckpoint.ModelFiles)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(Source, file)), File.ReadAllBytes(Path.Combine(resolved, file)));
            Assert.Equal(2, _counting.Reads(ModelArtifactKeys.File(Name, file)));
        }
    }

    [Fact]
    public void An_existing_local_path_is_used_as_it_is_without_downloading()
    {
        Upload();

        Assert.Equal(Source, Resolver("machine-b").Resolve(Source, CancellationToken.None));
        Assert.Equal(Source, Resolver("machine-b").Resolve(Source + "/", CancellationToken.None));
        Assert.Equal(0, _counting.TotalReads);
    }

    [Fact]
    public void A_configured_directory_wins_over_the_local_path_and_the_store()
    {
        Upload(); // the store has it, and so does the reference's own path (Source)
        var mounted = TinyCheckpoint.Write(Path.Combine(_root.FullName, "mnt", "llava"), seed: 9f);
        // Bound as the silo binds Torch: case-insensitive keys, as in Torch__ModelDirectories__LLaVA-1.5-7b-hf=...
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Torch:ModelDirectories:LLaVA-1.5-7b-HF"] = mounted })
            .Build();
        var options = Options("machine-b");
        configuration.GetSection(TorchJobExecutorOptions.Section).Bind(options);

        Assert.Equal(mounted, new ModelDirectoryResolver(_counting, options).Resolve(Source, CancellationToken.None));
        Assert.Equal(0, _counting.TotalReads);
    }

    [Fact]
    public void A_configured_directory_without_config_json_is_an_error_naming_the_key()
    {
        Upload();
        var empty = Directory.CreateDirectory(Path.Combine(_root.FullName, "mnt", "empty")).FullName;
        var options = Options("machine-b");
        options.ModelDirectories[Name] = empty + "/";

        var error = Assert.Throws<ModelNotFoundException>(() => new ModelDirectoryResolver(_store, options).Resolve(Reference, CancellationToken.None));

        Assert.Equal($"Base model '{Reference}': Torch:ModelDirectories:{Name} is '{empty}', which has no config.json.", error.Message);
    }

    [Fact]
    public void A_missing_model_is_an_error_listing_the_three_places_looked()
    {
        var error = Assert.Throws<ModelNotFoundException>(() => Resolver("machine-b").Resolve(Reference, CancellationToken.None));

        Assert.Equal(
            $"Base model '{Reference}' was not found. Looked in: (1) Torch:ModelDirectories:{Name}: not configured; " +
            $"(2) '{Reference}' on this machine ({Environment.MachineName}): no such directory; " +
            $"(3) the artifact store under models/{Name}/: nothing uploaded (run `lorasculpt model upload DIR --name {Name}` once).",
            error.Message);
        Assert.False(Directory.Exists(Path.Combine(_root.FullName, "machine-b", "models", Name)));
    }

    [Fact]
    public async Task Files_without_a_manifest_are_an_unfinished_upload_and_not_downloaded()
    {
        TinyCheckpoint.Write(Source);
        using (var config = File.OpenRead(Path.Combine(Source, "config.json")))
            await _store.WriteAsync(ModelArtifactKeys.File(Name, "config.json"), config);

        var error = Assert.Throws<ModelNotFoundException>(() => Resolver("machine-b").Resolve(Reference, CancellationToken.None));

        Assert.EndsWith($"(3) the artifact store under models/{Name}/: 1 files but no manifest (an upload is running or died; run `lorasculpt model upload DIR --name {Name}` again).", error.Message);
        Assert.Equal(0, _counting.Reads(ModelArtifactKeys.File(Name, "config.json")));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("/models/..")]
    [InlineData("/models/../")]
    [InlineData("/models/.")]
    [InlineData("C:\\models\\..")]
    [InlineData("/models/llava 7b")]
    [InlineData("")]
    [InlineData("/")]
    public void References_whose_name_could_leave_the_models_folder_are_refused(string reference)
    {
        Assert.Throws<ArgumentException>(() => Resolver("machine-b").Resolve(reference, CancellationToken.None));
        Assert.False(Directory.Exists(Path.Combine(_root.FullName, "machine-b")));
    }

    [Fact]
    public async Task A_manifest_naming_a_path_is_refused_before_anything_is_written()
    {
        var manifest = """{"name":"llava-1.5-7b-hf","files":[{"name":"../../escaped.json","bytes":2}]}""";
        await _store.WriteAsync(ModelArtifactKeys.Manifest(Name), new MemoryStream(Encoding.UTF8.GetBytes(manifest)));

        Assert.ThrowsAny<ArgumentException>(() => Resolver("machine-b").Resolve(Reference, CancellationToken.None));
        Assert.False(Directory.Exists(Path.Combine(_root.FullName, "machine-b")));
    }

    [Fact]
    public async Task A_re_upload_replaces_the_model_and_removes_files_it_no_longer_has()
    {
        Upload();
        File.Delete(Path.Combine(Source, "tokenizer.model"));
        var uploaded = new UploadedModels(_store);

        var manifest = await uploaded.UploadAsync(Source, Name);

        Assert.Equal(TinyCheckpoint.ModelFiles.Where(f => f != "tokenizer.model"), manifest.Files.Select(f => f.Name));
        Assert.Null(await _store.OpenReadAsync(ModelArtifactKeys.File(Name, "tokenizer.model")));
        Assert.Equal(manifest, await uploaded.ReadManifestAsync(Name), ManifestComparer.Instance);
    }

    public void Dispose() => _root.Delete(recursive: true);

    private void Upload()
    {
        TinyCheckpoint.Write(Source);
        new UploadedModels(_store).UploadAsync(Source, Name).GetAwaiter().GetResult();
    }

    private ModelDirectoryResolver Resolver(string machine) => new(_counting, Options(machine));

    private TorchJobExecutorOptions Options(string machine) => new() { LocalDirectory = Path.Combine(_root.FullName, machine) };

    /// <summary>Records compare their lists by reference; manifests are equal when name and files are.</summary>
    private sealed class ManifestComparer : IEqualityComparer<ModelManifest?>
    {
        public static readonly ManifestComparer Instance = new();

        public bool Equals(ModelManifest? x, ModelManifest? y) =>
            x is not null && y is not null && x.Name == y.Name && x.Files.SequenceEqual(y.Files);

        public int GetHashCode(ModelManifest? obj) => obj?.Name.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
