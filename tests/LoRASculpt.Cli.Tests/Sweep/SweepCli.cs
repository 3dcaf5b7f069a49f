using System.CommandLine;
using LoRASculpt.Cli.Commands;
using LoRASculpt.Cli.Commands.Sweep;
using LoRASculpt.Cli.Hosting;
using LoRASculpt.Contracts.Execution;
using Microsoft.Extensions.DependencyInjection;

namespace LoRASculpt.Cli.Tests.Sweep;

/// <summary>Runs `lorasculpt sweep ...` in-process through the CLI's command runner, on a temporary data directory.</summary>
internal sealed class SweepCli : IDisposable
{
    private readonly Action<IServiceCollection, string>? _registerExecutors;

    /// <param name="registerExecutors">The embedded silo's executors; default: <see cref="Executors"/> (counting synthetic).</param>
    public SweepCli(Action<IServiceCollection, string>? registerExecutors = null)
    {
        _registerExecutors = registerExecutors;
        Root = Directory.CreateTempSubdirectory("lorasculpt-cli-");
        DataDirectory = Path.Combine(Root.FullName, "data");
        WorkDirectory = Path.Combine(Root.FullName, "work");
        Directory.CreateDirectory(WorkDirectory);
    }

    public DirectoryInfo Root { get; }

    public string DataDirectory { get; }

    public string WorkDirectory { get; }

    public CountingSyntheticExecutors Executors { get; } = new();

    public sealed record Result(int Exit, string Output, string Error);

    public Result Run(params string[] args) => Run(CancellationToken.None, args);

    public Result Run(CancellationToken interrupt, params string[] args) => RunCommand(SweepCommand.Create, "sweep", interrupt, args);

    /// <summary>Runs `lorasculpt leaderboard ...` against the same data directory.</summary>
    public Result RunLeaderboard(params string[] args) => RunCommand(LeaderboardCommand.Create, "leaderboard", CancellationToken.None, args);

    /// <summary>Runs `lorasculpt report ...` against the same data directory.</summary>
    public Result RunReport(params string[] args) => RunCommand(LoRASculpt.Cli.Commands.Report.ReportCommand.Create, "report", CancellationToken.None, args);

    private Result RunCommand(Func<SweepCommandContext, Command> create, string name, CancellationToken interrupt, string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new SweepCommandContext
        {
            Output = output,
            Error = error,
            HandleSignals = false,
            Interrupt = interrupt,
            WorkingDirectory = WorkDirectory,
            Hosts = new SweepHostFactory { RegisterExecutors = _registerExecutors ?? ((services, _) => services.AddSingleton<IJobExecutorFactory>(Executors)) },
        };
        var root = new RootCommand("test");
        root.Subcommands.Add(create(context));
        var exit = CommandRunner.Run(root, [name, .. args, "--data-dir", DataDirectory], output, error);
        return new Result(exit, output.ToString(), error.ToString());
    }

    public string WriteFile(string name, string text)
    {
        var path = Path.Combine(WorkDirectory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Root.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
