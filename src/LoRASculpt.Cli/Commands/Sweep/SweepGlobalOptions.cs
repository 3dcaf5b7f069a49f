using System.CommandLine;
using LoRASculpt.Cli.Hosting;
using LoRASculpt.Hosting;

namespace LoRASculpt.Cli.Commands.Sweep;

/// <summary>Options every sweep subcommand takes: where the sweeps live and how this process reaches them.</summary>
public sealed class SweepGlobalOptions
{
    public Option<string?> DataDir { get; } = new("--data-dir")
    {
        Description = $"Embedded mode's state and artifacts (default: ${DataDirectory.EnvironmentVariable}, else ~/.lorasculpt).",
        Recursive = true,
    };

    public Option<string?> Cluster { get; } = new("--cluster")
    {
        Description = $"Connect to a cluster's gateway instead of hosting an embedded silo: the cluster's Azure Storage connection string (default: ${ClusterClientOptions.ConnectionStringVariable}).",
        Recursive = true,
    };

    public Option<int?> CpuSlots { get; } = new("--cpu-slots")
    {
        Description = "Worker slots of the embedded silo (each runs one trial or eval shard at a time; torch threads are split between them). Default 1.",
        Recursive = true,
    };

    public Option<string[]> Gpu { get; } = new("--gpu")
    {
        Description = "Embedded mode: one worker slot per listed CUDA device (e.g. --gpu cuda:0 --gpu cuda:1) instead of CPU slots. Needs the CUDA build (-p:TorchBackend=cuda); the silo refuses to start otherwise.",
        Recursive = true,
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Print the silo's or client's logs (Orleans) to the console.",
        Recursive = true,
    };

    public SweepGlobalOptions()
    {
        CpuSlots.Validators.Add(result =>
        {
            // Only a well-formed number is checked here; a non-number is already a parse error.
            if (result.Tokens is [var token] && int.TryParse(token.Value, out var slots) && slots is < 1 or > 64)
                result.AddError($"--cpu-slots must be between 1 and 64, got {slots}.");
        });
    }

    public IEnumerable<Option> All => [DataDir, Cluster, CpuSlots, Gpu, Verbose];

    public SweepHostOptions HostOptions(ParseResult parse) =>
        new(parse.GetValue(DataDir), parse.GetValue(Cluster), parse.GetValue(CpuSlots), parse.GetValue(Gpu) ?? []);
}
