using Azure.Storage.Blobs;
using LoRASculpt.TestSupport.Azurite;
using LoRASculpt.Execution;
using LoRASculpt.Storage.Azure;

namespace LoRASculpt.Execution.Tests;

/// <summary>
/// A real base model uploaded once to the cluster's Blob container reaches a silo's local directory byte for byte,
/// through the same BlobArtifactStore the silos use.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class BlobModelStoreTests(AzuriteFixture azurite) : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("lorasculpt-blob-models-");

    private readonly BlobArtifactStore _store = new(new BlobContainerClient(azurite.ConnectionString, "models-" + Guid.NewGuid().ToString("N")[..20]));

    [Fact]
    public async Task An_uploaded_checkpoint_resolves_on_a_silo_to_byte_identical_files()
    {
        var source = Directory.CreateDirectory(Path.Combine(_root.FullName, "upload-machine", "llava-1.5-7b-hf")).FullName;
        var files = new Dictionary<string, byte[]>
        {
            ["config.json"] = """{"model_type":"llava","text_config":{"model_type":"llama"}}"""u8.ToArray(),
            // Big enough that Blob storage takes it in more than one block read.
            ["model.safetensors"] = Enumerable.Range(0, 3 << 20).Select(i => (byte)(i * 31 + 7)).ToArray(),
            ["tokenizer_config.json"] = """{"tokenizer_class":"LlamaTokenizer"}"""u8.ToArray(),
        };
        foreach (var (name, bytes) in files)
            await File.WriteAllBytesAsync(Path.Combine(source, name), bytes);
        await File.WriteAllBytesAsync(Path.Combine(source, "pytorch_model.bin"), [1, 2, 3]);

        var manifest = await new UploadedModels(_store).UploadAsync(source, "llava-1.5-7b-hf");
        var silo = new TorchJobExecutorOptions { LocalDirectory = Path.Combine(_root.FullName, "silo") };
        var resolved = new ModelDirectoryResolver(_store, silo).Resolve("/models/llava-1.5-7b-hf", CancellationToken.None);

        Assert.Equal(files.Keys.Order(StringComparer.Ordinal), manifest.Files.Select(f => f.Name));
        Assert.Equal(Path.Combine(silo.LocalDirectory, "models", "llava-1.5-7b-hf"), resolved);
        foreach (var (name, bytes) in files)
            Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(resolved, name)));
        Assert.False(File.Exists(Path.Combine(resolved, "pytorch_model.bin")));
        var listed = Assert.Single(await new UploadedModels(_store).ListAsync());
        Assert.Equal(("llava-1.5-7b-hf", 3, files.Values.Sum(b => (long)b.Length)), (listed.Name, listed.StoredFiles, listed.Manifest!.TotalBytes));
    }

    public void Dispose() => _root.Delete(recursive: true);
}
