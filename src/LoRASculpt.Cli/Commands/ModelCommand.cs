using System.CommandLine;
using System.Globalization;
using LoRASculpt.Cli.Commands.Model;
using LoRASculpt.Cli.Commands.Sweep;
using LoRASculpt.Contracts.Execution;
using LoRASculpt.Execution;
using LoRASculpt.Hosting;
using LoRASculpt.Storage.Azure;
using LoRASculpt.Storage.Files;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace LoRASculpt.Cli.Commands;

/// <summary>
/// <c>lorasculpt model</c>: real base models (Hugging Face checkpoint directories) in the artifact store, where a
/// cluster's silos find a model their machine does not have: upload one once, list what is there. The store is the
/// cluster's Blob container (--cluster) or the data directory's artifacts (--data-dir).
/// </summary>
public static class ModelCommand
{
    public static Command Create(SweepCommandContext? context = null)
    {
        var c = context ?? new SweepCommandContext();
        var store = new ModelStoreOptions();
        var command = new Command("model", "Real base models (Hugging Face checkpoint directories): check one before a sweep, and put it in the artifact store the silos download from.");
        command.Options.Add(store.DataDir);
        command.Options.Add(store.Cluster);
        // One subcommand per verb; each builds itself (generate is a top-level command: it runs a model, not the store).
        command.Subcommands.Add(ModelInspectCommand.Create(c.Output, c.Error));
        command.Subcommands.Add(Upload(c, store));
        command.Subcommands.Add(List(c, store));
        return command;
    }

    private static Command Upload(SweepCommandContext c, ModelStoreOptions store)
    {
        var directory = new Argument<string>("DIR") { Description = "A Hugging Face checkpoint directory: config.json, *.safetensors (+ index), tokenizer and processor files." };
        var name = new Option<string?>("--name") { Description = "Name in the store (default: the directory's name). Trials find it by the last path segment of their base_model." };
        var command = new Command("upload", "Copy a checkpoint directory's model files into the artifact store under models/NAME/ (*.bin weights are skipped; a re-upload replaces the model).");
        command.Arguments.Add(directory);
        command.Options.Add(name);
        command.SetAction(parse => SweepActionRunner.Run(c, async signals =>
        {
            var path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(parse.GetValue(directory)!));
            var modelName = parse.GetValue(name) ?? Path.GetFileName(path);
            CheckpointFileSelection selection;
            try
            {
                ModelArtifactKeys.ValidateName(modelName);
                selection = CheckpointFiles.Select(path);
            }
            catch (Exception e) when (e is ArgumentException or IOException)
            {
                throw new UsageException($"error: {e.Message.Split(" (Parameter")[0]}");
            }
            var (artifacts, location) = store.Open(parse);
            foreach (var skipped in selection.SkippedWeights)
                c.Error.WriteLine($"warning: skipping {skipped}: PyTorch pickle weights are not read, only *.safetensors.");
            if (selection.Ignored.Count > 0)
                c.Error.WriteLine($"note: not model files, not uploaded: {string.Join(", ", selection.Ignored)}");

            c.Output.WriteLine($"Uploading {path} as model '{modelName}' to {location}:");
            var manifest = await new UploadedModels(artifacts).UploadAsync(path, modelName,
                file => c.Output.WriteLine($"  {file.Name}  {Size(file.Bytes)}"), signals.Token);
            c.Output.WriteLine($"Uploaded {manifest.Files.Count} files, {Size(manifest.TotalBytes)} in all. " +
                $"Each silo downloads it once, for trials whose base_model ends in '/{modelName}'.");
            return SweepExitCodes.Success;
        }));
        return command;
    }

    private static Command List(SweepCommandContext c, ModelStoreOptions store)
    {
        var command = new Command("list", "List the models in the artifact store: name, files and total size.");
        command.SetAction(parse => SweepActionRunner.Run(c, async signals =>
        {
            var (artifacts, location) = store.Open(parse);
            var models = await new UploadedModels(artifacts).ListAsync(signals.Token);
            if (models.Count == 0)
            {
                c.Output.WriteLine($"No models in {location}. Upload one with `lorasculpt model upload DIR`.");
                return SweepExitCodes.Success;
            }
            var width = Math.Max("NAME".Length, models.Max(m => m.Name.Length));
            c.Output.WriteLine($"{"NAME".PadRight(width)}  {"FILES",5}  SIZE");
            foreach (var model in models)
            {
                c.Output.WriteLine(model.Manifest is { } manifest
                    ? $"{model.Name.PadRight(width)}  {manifest.Files.Count,5}  {Size(manifest.TotalBytes)}"
                    : $"{model.Name.PadRight(width)}  {model.StoredFiles,5}  incomplete upload (no manifest): upload it again");
            }
            return SweepExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Binary units for reading, exact bytes for checking against the disk.</summary>
    internal static string Size(long bytes)
    {
        string[] units = ["KiB", "MiB", "GiB", "TiB"];
        if (bytes < 1024)
            return string.Create(CultureInfo.InvariantCulture, $"{bytes} B");
        var value = (double)bytes;
        var unit = -1;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return string.Create(CultureInfo.InvariantCulture, $"{value:0.00} {units[unit]} ({bytes:N0} bytes)");
    }

    /// <summary>Which artifact store the model commands use: --cluster (else Cluster:StorageConnectionString, else LORASCULPT_CLUSTER) or --data-dir.</summary>
    private sealed class ModelStoreOptions
    {
        public Option<string?> DataDir { get; } = new("--data-dir")
        {
            Description = $"Embedded mode: the data directory whose artifacts/ to use (default: ${DataDirectory.EnvironmentVariable}, else ~/.lorasculpt). Given explicitly, it wins over ${ClusterClientOptions.ConnectionStringVariable}.",
            Recursive = true,
        };

        public Option<string?> Cluster { get; } = new("--cluster")
        {
            Description = $"The cluster's Azure Storage connection string: use its artifact container, as the silos do (default: ${ClusterClientOptions.ConnectionStringVariable}).",
            Recursive = true,
        };

        /// <summary>The store and a description of it for messages (never the connection string).</summary>
        public (IArtifactStore Store, string Location) Open(ParseResult parse)
        {
            var dataDir = parse.GetValue(DataDir);
            var connection = parse.GetValue(Cluster);
            if (dataDir is not null && connection is not null)
                throw new UsageException("error: give --cluster or --data-dir, not both.");
            if (dataDir is null && Resolve(connection) is { } cluster)
            {
                var options = new BlobArtifactStoreOptions { ConnectionString = cluster.StorageConnectionString, ContainerName = cluster.ArtifactContainer };
                return (new BlobArtifactStore(Options.Create(options)), $"the cluster's artifact container '{cluster.ArtifactContainer}'");
            }
            var artifacts = DataDirectory.Artifacts(DataDirectory.Resolve(dataDir));
            return (new FileArtifactStore(artifacts), artifacts);
        }

        private static ClusterClientOptions? Resolve(string? connection)
        {
            ClusterClientOptions? cluster;
            try
            {
                cluster = ClusterClientOptions.Resolve(EnvironmentSettings.Read(), connection);
            }
            catch (FormatException e)
            {
                throw new UsageException($"error: {e.Message}");
            }
            if (cluster?.Validate() is { Count: > 0 } failures)
                throw new UsageException("error: invalid cluster settings: " + string.Join("; ", failures));
            return cluster;
        }
    }
}
