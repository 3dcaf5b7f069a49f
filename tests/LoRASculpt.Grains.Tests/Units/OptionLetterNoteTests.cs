using System.Collections.Immutable;
using LoRASculpt.Contracts.Jobs;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Grains.Trials;

namespace LoRASculpt.Grains.Tests.Units;

/// <summary>
/// On the built-in multiple-choice target a trial's notes record the share of option-letter answers, so results (which
/// keep no predictions) can explain a score below the 25 % of guessing.
/// </summary>
public sealed class OptionLetterNoteTests
{
    private static readonly TrainingOutcome Training = new("adapters/t/a1/adapter.safetensors",
        new TrainingDiagnostics([], ImmutableSortedDictionary<string, double>.Empty, 0, 0, 0,
            ImmutableSortedDictionary<string, string>.Empty.Add("threads", "2")), TimeSpan.Zero, 0);

    private static EvalItem Item(string id, string prediction, string reference) => new(id, prediction, [reference]);

    private static TrialConfig Config(string target) =>
        new("tiny-llava", target, ["text-ocr"], "lora", ImmutableSortedDictionary<string, string>.Empty, "torch");

    [Fact]
    public void Icon_mc_records_the_share_of_answers_that_are_an_option_letter()
    {
        // Across two shards: "b" and "C." normalise to letters, "cat" and "A B" do not: 2 of 4.
        var outcomes = new[]
        {
            new EvalShardOutcome("icon-mc", 0, 2, [Item("q0", "b", "B"), Item("q2", "cat", "A")], TimeSpan.Zero, "bench-v5"),
            new EvalShardOutcome("icon-mc", 1, 2, [Item("q1", "C.", "D"), Item("q3", "A B", "A")], TimeSpan.Zero, "bench-v5"),
            new EvalShardOutcome("text-ocr", 0, 1, [Item("q0", "cat", "cat")], TimeSpan.Zero, "bench-v5"),
        };

        var result = TrialScoring.Score(Config("icon-mc"), Training, outcomes);

        Assert.Equal(25, result.Target, 10);
        Assert.Equal("0.500", result.Diagnostics.Notes["option_letter_share"]);
        Assert.Equal("2", result.Diagnostics.Notes["threads"]);
    }

    [Fact]
    public void Other_targets_get_no_share()
    {
        var outcomes = new[]
        {
            new EvalShardOutcome("scene-captions", 0, 1, [Item("q0", "a red cat", "a red cat")], TimeSpan.Zero, "bench-v5"),
            new EvalShardOutcome("text-ocr", 0, 1, [Item("q0", "A", "cat")], TimeSpan.Zero, "bench-v5"),
        };

        var result = TrialScoring.Score(Config("scene-captions"), Training, outcomes);

        Assert.False(result.Diagnostics.Notes.ContainsKey("option_letter_share"));
    }
}
