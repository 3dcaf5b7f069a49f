using System.Security.Cryptography;
using LoRASculpt.Core.Benchmark;
using LoRASculpt.Training.Tokenization;

namespace LoRASculpt.Training.Tests.Data;

public sealed class BenchmarkDataTests
{
    public static TheoryData<string> Tasks() => new(BenchmarkTasks.All.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(Tasks))]
    public void Generation_is_deterministic_and_prefix_stable(string task)
    {
        var a = BenchmarkData.Generate(task, BenchmarkData.TrainSplit, 20, 7);
        var b = BenchmarkData.Generate(task, BenchmarkData.TrainSplit, 30, 7);
        for (var i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Image, b[i].Image);
            Assert.Equal(a[i].Question, b[i].Question);
            Assert.Equal(a[i].Answer, b[i].Answer);
            Assert.Equal(a[i].References, b[i].References);
            Assert.Equal(a[i].Id, b[i].Id);
        }
        var one = BenchmarkData.GenerateOne(task, BenchmarkData.TrainSplit, 7, 13);
        Assert.Equal(b[13].Image, one.Image);
        Assert.Equal(b[13].Question, one.Question);
    }

    [Theory]
    [MemberData(nameof(Tasks))]
    public void Splits_and_seeds_give_different_items(string task)
    {
        var train = BenchmarkData.Generate(task, BenchmarkData.TrainSplit, 5, 1);
        var eval = BenchmarkData.Generate(task, BenchmarkData.EvalSplit, 5, 1);
        var otherSeed = BenchmarkData.Generate(task, BenchmarkData.TrainSplit, 5, 2);
        Assert.NotEqual(train[0].Image, eval[0].Image);
        Assert.NotEqual(train[0].Image, otherSeed[0].Image);
        Assert.NotEqual(train[0].Id, eval[0].Id);
    }

    [Theory]
    [MemberData(nameof(Tasks))]
    public void Items_are_well_formed_for_their_metric(string task)
    {
        var tokenizer = WordTokenizer.ForBenchmark();
        var metric = BenchmarkTasks.Get(task).Metric;
        foreach (var s in BenchmarkData.Generate(task, BenchmarkData.EvalSplit, 200, 3))
        {
            Assert.Equal(BenchmarkData.Channels * BenchmarkData.ImageSize * BenchmarkData.ImageSize, s.Image.Length);
            Assert.All(s.Image, v => Assert.InRange(v, 0f, 1f));
            var expectedReferences = metric switch { MetricKind.VqaAccuracy => 10, MetricKind.CiderD => 5, _ => 1 };
            Assert.Equal(expectedReferences, s.References.Count);
            Assert.Contains(s.Answer, s.References);
            // Closed vocabulary: nothing the tokenizer would map to <unk>.
            foreach (var word in $"{s.Question} {string.Join(' ', s.References)}".Split(' ', StringSplitOptions.RemoveEmptyEntries))
                Assert.NotEqual(SpecialTokens.UnknownId, tokenizer.IdOf(word));
        }
    }

    [Fact]
    public void Icon_mc_answers_are_the_letter_of_the_correct_option()
    {
        foreach (var s in BenchmarkData.Generate("icon-mc", BenchmarkData.TrainSplit, 100, 5))
        {
            Assert.Contains(s.Answer, new[] { "A", "B", "C", "D" });
            var words = s.Question.Split(' ');
            foreach (var letter in new[] { "A", "B", "C", "D" })
                Assert.Contains(letter, words);
        }
        // The four letters are used roughly evenly (options are shuffled).
        var counts = BenchmarkData.Generate("icon-mc", BenchmarkData.TrainSplit, 400, 5).GroupBy(s => s.Answer).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(counts.Values, c => Assert.InRange(c, 60, 140));
    }

    [Fact]
    public void Unknown_task_or_split_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => BenchmarkData.Generate("nope", BenchmarkData.TrainSplit, 1, 0));
        Assert.Throws<ArgumentException>(() => BenchmarkData.Generate("text-ocr", "test", 1, 0));
    }

    /// <summary>
    /// Guards the data version: if generation changes, this fingerprint changes, and whoever updates it must bump
    /// <see cref="BenchmarkData.Version"/> too (saved base models and scores are keyed by it).
    /// </summary>
    [Fact]
    public void Generation_fingerprint_belongs_to_the_current_version()
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var task in BenchmarkTasks.All)
        foreach (var s in BenchmarkData.Generate(task.Name, BenchmarkData.EvalSplit, 8, 11))
        {
            sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(s.Image.AsSpan()));
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{s.Id}|{s.Question}|{s.Answer}|{string.Join("|", s.References)}\n"));
        }
        var fingerprint = Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
        Assert.Equal(("bench-v2", "972134484e2ea111"), (BenchmarkData.Version, fingerprint));
    }
}
