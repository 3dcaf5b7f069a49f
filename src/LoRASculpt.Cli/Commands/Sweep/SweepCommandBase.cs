using System.CommandLine;
using LoRASculpt.Cli.Hosting;
using Microsoft.Extensions.Logging;

namespace LoRASculpt.Cli.Commands.Sweep;

/// <summary>Helpers every sweep subcommand uses: open the session its global options describe, resolve ids.</summary>
internal sealed class SweepCommandBase(SweepCommandContext context, SweepGlobalOptions globals)
{
    public SweepCommandContext Context => context;

    public SweepGlobalOptions Globals => globals;

    public Argument<string> IdArgument(string description = "Sweep id, or a unique prefix of it.") => new("ID") { Description = description };

    public Argument<string> FileArgument() => new("FILE") { Description = $"A sweep file (YAML or JSON), or the name of a shipped sweep ({string.Join(", ", LoRASculpt.Sweeps.Builtin.BuiltinSweeps.Names)})." };

    /// <summary>Starts the embedded silo, or connects to the process hosting it, or to the cluster.</summary>
    public Task<SweepSession> OpenAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var hosts = new SweepHostFactory
        {
            RegisterExecutors = context.Hosts.RegisterExecutors,
            LogLevel = parse.GetValue(globals.Verbose) ? LogLevel.Information : context.Hosts.LogLevel,
        };
        return hosts.StartAsync(globals.HostOptions(parse), cancellationToken);
    }

    public static async Task<string> ResolveAsync(SweepSession session, string idOrPrefix) =>
        await session.Client.ResolveAsync(idOrPrefix) ?? throw new UnknownSweepException(idOrPrefix, session.Location);

    /// <summary>The options to repeat in a printed follow-up command (the data directory when one was given).</summary>
    public string OptionsHint(ParseResult parse) =>
        parse.GetValue(globals.DataDir) is { Length: > 0 } dir ? $" --data-dir {Quote(Path.GetFullPath(dir))}" : "";

    public SweepFollower Follower(SweepSession session, InterruptSignals signals, ParseResult parse) =>
        new(context, session, signals, OptionsHint(parse));

    public void SetAction(Command command, Func<ParseResult, InterruptSignals, Task<int>> body) =>
        command.SetAction(parse => SweepActionRunner.Run(context, signals => body(parse, signals)));

    private static string Quote(string path) => path.Any(char.IsWhiteSpace) || path.Contains('\'') ? $"\"{path}\"" : path;
}
