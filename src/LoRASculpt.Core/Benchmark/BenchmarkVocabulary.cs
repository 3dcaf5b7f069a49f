using LoRASculpt.Core.Benchmark.Generation;

namespace LoRASculpt.Core.Benchmark;

/// <summary>
/// Every word that questions, answers, options and captions of the built-in tasks can contain
/// (words are separated by single spaces; punctuation marks are words of their own).
/// Ordinal-sorted and duplicate-free so a tokenizer built from it has stable ids.
/// </summary>
public static class BenchmarkVocabulary
{
    private static readonly string[] TemplateWords =
    [
        "?", ".", ":", "a", "above", "and", "an", "answer", "are", "at", "background", "below", "bottom", "briefly", "colour",
        "dark", "describe", "does", "image", "in", "is", "left", "letter", "many", "most", "no", "object", "objects", "of",
        "often", "on", "option", "picture", "relative", "right", "say", "scene", "shape", "shapes", "text", "the", "there",
        "to", "top", "what", "where", "which", "with", "word", "written", "yes", "how", "appears",
    ];

    public static IReadOnlyList<string> Words { get; } = TemplateWords
        .Concat(SceneWords.Colours.SelectMany(c => new[] { c.Name, c.Synonym }))
        .Concat(SceneWords.Shapes.SelectMany(s => s.Synonyms.Append(s.Name).Append(s.Plural)))
        .Concat(SceneWords.OcrWords)
        .Concat(SceneWords.Digits)
        .Concat(SceneWords.NumberWords)
        .Concat(SceneWords.OptionLetters)
        .Distinct(StringComparer.Ordinal)
        .Order(StringComparer.Ordinal)
        .ToArray();
}
