namespace LoRASculpt.Core.Benchmark.Generation;

/// <summary>Simulated VQA annotators: ten answers, most of them canonical, the rest synonyms or near misses.</summary>
internal static class Annotators
{
    public const int Count = 10;

    /// <summary>6-10 canonical answers; the others drawn from <paramref name="alternatives"/>; shuffled.</summary>
    public static IReadOnlyList<string> Answers(Random random, string canonical, IReadOnlyList<string> alternatives)
    {
        var canonicalCount = 6 + random.Next(5);
        var answers = new string[Count];
        for (var i = 0; i < Count; i++)
            answers[i] = i < canonicalCount || alternatives.Count == 0 ? canonical : random.Pick(alternatives);
        random.Shuffle(answers);
        return answers;
    }
}
