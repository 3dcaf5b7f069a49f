using Spectre.Console;

namespace LoRASculpt.Cli.Rendering;

/// <summary>
/// Spectre consoles over the command's writers: ANSI and live redraws only on a real terminal; when output is
/// redirected (a file, a pipe, CI, tests) plain text at a fixed width so tables do not wrap at 80 columns.
/// </summary>
public static class TerminalConsoles
{
    public const int RedirectedWidth = 160;

    /// <summary>True when <paramref name="writer"/> is this process's stdout and stdout is an interactive terminal.</summary>
    public static bool IsInteractive(TextWriter writer) =>
        ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected &&
        Environment.GetEnvironmentVariable("TERM") is not "dumb";

    public static IAnsiConsole For(TextWriter writer)
    {
        var interactive = IsInteractive(writer);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!interactive)
            console.Profile.Width = RedirectedWidth;
        return console;
    }
}
