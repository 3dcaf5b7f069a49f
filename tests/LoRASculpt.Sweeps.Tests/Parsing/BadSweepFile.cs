namespace LoRASculpt.Sweeps.Tests.Parsing;

/// <summary>How an expected error message is compared with the reported one.</summary>
public enum MessageMatch
{
    Exact,
    Prefix,
    Contains,
}

/// <summary>
/// A sweep file the parser must refuse, and one error it must report: at <see cref="Path"/>, saying
/// <see cref="Message"/>. Line, column and the total error count are checked when given (null: not checked).
/// </summary>
public sealed record BadSweepFile(
    string Text,
    string Path,
    string Message,
    MessageMatch Match = MessageMatch.Exact,
    int? Line = null,
    int? Column = null,
    int? ErrorCount = null,
    string FileName = "test.yaml");
