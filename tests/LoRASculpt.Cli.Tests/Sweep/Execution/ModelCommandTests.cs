using System.CommandLine;
using LoRASculpt.Cli.Commands;
using LoRASculpt.Cli.Commands.Sweep;
using LoRASculpt.Execution;
using LoRASculpt.Storage.Files;
using LoRASculpt.TestSupport.Checkpoints;

namespace LoRASculpt.Cli.Tests.Sweep.Execution;

/// <summary><c>lorasculpt model upload</c> and <c>list</c> on an embedded data directory's artifact store.</summary>
public sealed class ModelCommandTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("lorasculpt-model-cli-");

    private string DataDir => Path.Combine(_root.FullName, "data");

    [Fact]
    public void Upload_prints_each_file_and_the_total_and_warns_about_pytorch_weights_then_list_shows_the_model()
    {
        var source = TinyCheckpoint.Write(Path.Combine(_root.FullName, "llava-1.5-7b-hf"));
        var total = TinyCheckpoint.ModelBytes(source);

        var upload = Run("model", "upload", source, "--data-dir", DataDir);

        Assert.Equal(0, upload.Exit);
        var artifacts = Path.Combine(DataDir, "artifacts");
        string[] expected =
        [
            $"Uploading {source} as model 'llava-1.5-7b-hf' to {artifacts}:",
            .. TinyCheckpoint.ModelFiles.Select(f => $"  {f}  {new FileInfo(Path.Combine(source, f)).Length} B"),
            $"Uploaded 8 files, {ModelCommand.Size(total)} in all. Each silo downloads it once, for trials whose base_model ends in '/llava-1.5-7b-hf'.",
        ];
        Assert.Equal(expected, Lines(upload.Output));
        Assert.Equal(
            ["warning: skipping pytorch_model.bin: PyTorch pickle weights are not read, only *.safetensors.", "note: not model files, not uploaded: README.md"],
            Lines(upload.Error));
        foreach (var file in TinyCheckpoint.ModelFiles)
            Assert.Equal(File.ReadAllBytes(Path.Combine(source, file)), File.ReadAllBytes(Path.Combine(artifacts, "models", "llava-1.5-7b-hf", file)));
        Assert.False(File.Exists(Path.Combine(artifacts, "models", "llava-1.5-7b-hf", "pytorch_model.bin")));

        var list = Run("model", "list", "--data-dir", DataDir);

        Assert.Equal(0, list.Exit);
        Assert.Equal(["NAME             FILES  SIZE", $"llava-1.5-7b-hf      8  {ModelCommand.Size(total)}"], Lines(list.Output));
    }

    [Fact]
    public void Upload_under_another_name_and_list_an_unfinished_upload()
    {
        var source = TinyCheckpoint.Write(Path.Combine(_root.FullName, "checkpoint"));
        Assert.Equal(0, Run("model", "upload", source, "--name", "llava-v2", "--data-dir", DataDir).Exit);
        File.Delete(Path.Combine(DataDir, "artifacts", "models", "llava-v2", "lorasculpt-manifest.json"));

        var list = Run("model", "--data-dir", DataDir, "list");

        Assert.Equal(["NAME      FILES  SIZE", "llava-v2      8  incomplete upload (no manifest): upload it again"], Lines(list.Output));
    }

    [Fact]
    public void List_of_an_empty_store_says_how_to_upload()
    {
        var list = Run("model", "list", "--data-dir", DataDir);

        Assert.Equal(0, list.Exit);
        Assert.Equal([$"No models in {Path.Combine(DataDir, "artifacts")}. Upload one with `lorasculpt model upload DIR`."], Lines(list.Output));
    }

    [Fact]
    public void Bad_input_exits_2_with_a_message_and_uploads_nothing()
    {
        var missing = Path.Combine(_root.FullName, "missing");
        var noConfig = Directory.CreateDirectory(Path.Combine(_root.FullName, "no-config")).FullName;
        File.WriteAllBytes(Path.Combine(noConfig, "model.safetensors"), [0]);
        var onlyBin = Directory.CreateDirectory(Path.Combine(_root.FullName, "only-bin")).FullName;
        File.WriteAllText(Path.Combine(onlyBin, "config.json"), "{}");
        File.WriteAllBytes(Path.Combine(onlyBin, "pytorch_model.bin"), [0]);
        var good = TinyCheckpoint.Write(Path.Combine(_root.FullName, "good"));

        (string[] Args, string Error)[] cases =
        [
            (["model", "upload", missing, "--data-dir", DataDir], $"error: Checkpoint directory '{missing}' does not exist."),
            (["model", "upload", noConfig, "--data-dir", DataDir], $"error: '{noConfig}' is not a Hugging Face checkpoint directory: it has no config.json."),
            (["model", "upload", onlyBin, "--data-dir", DataDir], $"error: '{onlyBin}' has no *.safetensors weights (only PyTorch *.bin files, which are not read: convert them to safetensors)."),
            (["model", "upload", good, "--name", "..", "--data-dir", DataDir], "error: Artifact key '..' has an invalid segment '..': use letters, digits, '.', '_' or '-'."),
            (["model", "upload", good, "--data-dir", DataDir, "--cluster", "UseDevelopmentStorage=true"], "error: give --cluster or --data-dir, not both."),
        ];
        foreach (var (args, message) in cases)
        {
            var result = Run(args);
            Assert.Equal((2, message), (result.Exit, result.Error.TrimEnd()));
            Assert.Equal("", result.Output);
        }
        Assert.False(Directory.Exists(Path.Combine(DataDir, "artifacts", "models")));
    }

    [Theory]
    [InlineData(0L, "0 B")]
    [InlineData(1023L, "1023 B")]
    [InlineData(1536L, "1.50 KiB (1,536 bytes)")]
    [InlineData(13_476_839_424L, "12.55 GiB (13,476,839,424 bytes)")]
    public void Sizes_are_printed_in_binary_units_with_the_exact_bytes(long bytes, string expected) =>
        Assert.Equal(expected, ModelCommand.Size(bytes));

    [Fact]
    public void A_model_uploaded_with_the_cli_resolves_on_a_second_machine_to_byte_identical_files()
    {
        const string name = "llava-1.5-7b-hf";
        var source = TinyCheckpoint.Write(Path.Combine(_root.FullName, "machine-a", name));
        var upload = Run("model", "upload", source, "--data-dir", DataDir);
        Assert.Equal(0, upload.Exit);

        // A reference to a path no machine here has: only the store the CLI uploaded to can supply it.
        var reference = Path.Combine(_root.FullName, "nowhere", name);
        var machineB = Path.Combine(_root.FullName, "machine-b");
        var resolver = new ModelDirectoryResolver(
            new FileArtifactStore(Path.Combine(DataDir, "artifacts")), new TorchJobExecutorOptions { LocalDirectory = machineB });
        var resolved = resolver.Resolve(reference, CancellationToken.None);

        Assert.Equal(Path.Combine(machineB, "models", name), resolved);
        Assert.Equal([ModelDirectoryResolver.CompleteMarker, .. TinyCheckpoint.ModelFiles],
            Directory.GetFiles(resolved).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var file in TinyCheckpoint.ModelFiles)
            Assert.Equal(File.ReadAllBytes(Path.Combine(source, file)), File.ReadAllBytes(Path.Combine(resolved, file)));
    }

    public void Dispose() => _root.Delete(recursive: true);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var root = new RootCommand("test");
        root.Subcommands.Add(ModelCommand.Create(new SweepCommandContext { Output = output, Error = error, HandleSignals = false }));
        var exit = CommandRunner.Run(root, args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
