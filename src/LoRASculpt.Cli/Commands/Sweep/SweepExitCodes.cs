namespace LoRASculpt.Cli.Commands.Sweep;

/// <summary>Exit codes of <c>lorasculpt sweep</c>, stable for scripts (also listed in <c>lorasculpt sweep --help</c>).</summary>
public static class SweepExitCodes
{
    /// <summary>Done: the query succeeded, or the sweep finished with every trial completed.</summary>
    public const int Success = CommandRunner.Success;

    /// <summary>Runtime failure: the embedded silo or the cluster connection could not start, or an unexpected error.</summary>
    public const int Failure = CommandRunner.Failure;

    /// <summary>Invalid input: a bad sweep file (nothing was created), a bad option, or an ambiguous id prefix.</summary>
    public const int InvalidInput = CommandRunner.UsageError;

    /// <summary>The sweep finished but some trials failed (their reasons are in the results table).</summary>
    public const int TrialsFailed = 3;

    /// <summary>No sweep has that id or id prefix.</summary>
    public const int UnknownSweep = 4;

    /// <summary>The sweep was cancelled (<c>sweep cancel</c>) before it finished.</summary>
    public const int SweepCancelled = 5;

    /// <summary>Interrupted by Ctrl+C or SIGTERM (128 + SIGINT): the sweep's state is kept; resume it later.</summary>
    public const int Interrupted = 130;

    public const string Help =
        "Exit codes: 0 success (every trial completed) | 1 runtime failure (silo or cluster unavailable) | " +
        "2 invalid input (bad sweep file: nothing is created; bad option; ambiguous id prefix) | " +
        "3 sweep finished with failed trials | 4 unknown sweep id | 5 sweep cancelled | " +
        "130 interrupted by Ctrl+C (state kept: `lorasculpt sweep resume ID` or run the same file again).";
}
