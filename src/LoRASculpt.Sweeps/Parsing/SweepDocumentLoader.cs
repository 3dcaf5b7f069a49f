using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LoRASculpt.Sweeps.Parsing;

/// <summary>
/// Turns sweep-file text into a YAML node tree with positions. JSON is read by the same YAML parser
/// (JSON is YAML flow style) after System.Text.Json has checked it is strict JSON, so both formats give
/// identical trees and the same error paths and line numbers.
/// </summary>
internal static class SweepDocumentLoader
{
    public static bool IsJson(string text, string fileName) =>
        fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ||
        text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n').StartsWith('{');

    public static YamlNode? Load(string text, string fileName, List<SweepError> errors)
    {
        if (IsJson(text, fileName))
        {
            if (!IsStrictJson(text, errors))
            {
                return null;
            }

            // Valid JSON has tabs only as whitespace (string tabs must be escaped); YAML forbids tab indentation.
            text = text.Replace('\t', ' ');
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            var message = Clean(ex.Message);
            if (message.StartsWith("Duplicate key ", StringComparison.Ordinal))
            {
                message = $"duplicate key '{message["Duplicate key ".Length..]}': each key may appear only once";
            }

            errors.Add(new SweepError("", message, (int)ex.Start.Line, (int)ex.Start.Column));
            return null;
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's scanner throws this (without a position) for some unterminated constructs.
            errors.Add(new SweepError("", $"invalid YAML (an unclosed [ or {{ ?): {ex.Message}", null, null));
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            errors.Add(new SweepError("", "the file is empty; a sweep needs at least `target`, `methods` and `parameters`", null, null));
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            errors.Add(new SweepError("", "the file holds several YAML documents (---); put one sweep per file", (int)second.Start.Line, (int)second.Start.Column));
            return null;
        }

        return stream.Documents[0].RootNode;
    }

    private static bool IsStrictJson(string text, List<SweepError> errors)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } l ? (int)l + 1 : (int?)null;
            var column = ex.BytePositionInLine is { } c ? (int)c + 1 : (int?)null;
            errors.Add(new SweepError("", $"invalid JSON: {Clean(ex.Message)}", line, column));
            return false;
        }
    }

    /// <summary>YamlDotNet prefixes messages with "(Line: .., Col: ..)"; the error carries the position itself.</summary>
    private static string Clean(string message)
    {
        var trimmed = message.Trim();
        if (trimmed.StartsWith("(Line:", StringComparison.Ordinal) && trimmed.IndexOf("): ", StringComparison.Ordinal) is var end and > 0)
        {
            trimmed = trimmed[(end + 3)..];
        }

        return trimmed;
    }
}
