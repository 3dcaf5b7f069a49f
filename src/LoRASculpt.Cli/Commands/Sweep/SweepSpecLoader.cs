using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Sweeps.Builtin;

namespace LoRASculpt.Cli.Commands.Sweep;

/// <summary>
/// Reads FILE (or a shipped sweep's NAME) and validates all of it before anything is created; every error is
/// printed as "file:line:column: field.path: what is wrong" and the command exits with code 2.
/// </summary>
internal static class SweepSpecLoader
{
    public static SweepSpec Load(string fileOrName)
    {
        LoRASculpt.Sweeps.Parsing.SweepParseResult result;
        try
        {
            result = BuiltinSweeps.ParseFileOrBuiltin(fileOrName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"error: cannot read '{fileOrName}': {e.Message}");
        }

        if (result.IsValid)
            return result.Spec!;
        var shownName = File.Exists(fileOrName) || BuiltinSweeps.FindText(fileOrName) is null ? fileOrName : fileOrName + ".yaml";
        var count = result.Errors.Count;
        var lines = result.Errors.Select(e => "error: " + e.Format(shownName))
            .Append($"{shownName}: {count} error{(count == 1 ? "" : "s")}; nothing was submitted.");
        throw new UsageException(string.Join(Environment.NewLine, lines));
    }
}
