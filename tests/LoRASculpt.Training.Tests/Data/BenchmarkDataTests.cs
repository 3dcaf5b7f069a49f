using System.Security.Cryptography;
using LoRASculpt.Core.Benchmark;
using LoRASculpt.Core.Benchmark.Generation;
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
        // Each question kind lists its fixed options in a fixed order, so the letter is a fixed code of the answer.
        var fixedOptions = new Dictionary<string, string>
        {
            ["which shape appears most often ?"] = "A square B circle C triangle D cross",
            ["how many objects are there ?"] = "A 1 B 2 C 3 D 4",
        };
        const string colourOptions = "A red B green C blue D yellow";
        var kinds = new HashSet<string>();
        foreach (var s in BenchmarkData.Generate("icon-mc", BenchmarkData.TrainSplit, 100, 5))
        {
            const string suffix = " answer with the option letter .";
            Assert.EndsWith(suffix, s.Question);
            var body = s.Question[..^suffix.Length];
            var optionsAt = body.IndexOf(" A ", StringComparison.Ordinal);
            var (question, options) = (body[..optionsAt], body[(optionsAt + 1)..]);
            kinds.Add(question.StartsWith("what colour is the ", StringComparison.Ordinal) ? "colour" : question);
            Assert.Equal(fixedOptions.GetValueOrDefault(question, colourOptions), options);
            Assert.Equal([s.Answer], s.References);
            Assert.Contains(s.Answer, new[] { "A", "B", "C", "D" });
        }
        Assert.Equal(3, kinds.Count);
        // The four letters are used roughly evenly (every kind's answers are uniform over its options).
        var counts = BenchmarkData.Generate("icon-mc", BenchmarkData.TrainSplit, 400, 5).GroupBy(s => s.Answer).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(4, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 60, 140));
    }

    [Fact]
    public void Icon_mc_count_letter_matches_the_number_of_objects_drawn()
    {
        // Count questions: letter A-D = 1-4 objects; objects are the only pixels brighter than the background noise.
        var checkedItems = 0;
        foreach (var s in BenchmarkData.Generate("icon-mc", BenchmarkData.EvalSplit, 60, 9).Where(s => s.Question.StartsWith("how many", StringComparison.Ordinal)))
        {
            var expected = "ABCD".IndexOf(s.Answer, StringComparison.Ordinal) + 1;
            Assert.Equal(expected, OccupiedCells(s.Image));
            checkedItems++;
        }
        Assert.InRange(checkedItems, 10, 60);
    }

    [Fact]
    public void Scene_objects_are_a_fixed_box_centred_in_their_patch_cell()
    {
        var scene = new Scene();
        scene.Add(shape: 0, colour: 0, column: 2, row: 1); // red square
        var image = scene.Render(new Random(4));
        const int offset = (Scene.CellSize - Scene.ShapeSize) / 2;
        var (left, top) = (2 * Scene.CellSize + offset, 1 * Scene.CellSize + offset);
        for (var y = 0; y < BenchmarkData.ImageSize; y++)
        for (var x = 0; x < BenchmarkData.ImageSize; x++)
        {
            var inside = x >= left && x < left + Scene.ShapeSize && y >= top && y < top + Scene.ShapeSize;
            // Red channel: the square's red (0.92 +- 0.06) against background noise below 0.12.
            Assert.True(inside == image[y * BenchmarkData.ImageSize + x] > 0.5f, $"pixel ({x},{y})");
        }
    }

    [Fact]
    public void Spatial_qa_answers_match_where_the_named_objects_are_drawn()
    {
        var kinds = new HashSet<string>();
        foreach (var s in BenchmarkData.Generate("spatial-qa", BenchmarkData.EvalSplit, 90, 2))
        {
            var words = s.Question.Split(' ');
            // Every named object is "the {colour} {shape}"; colours are distinct within an image.
            var named = words.Select((w, i) => (w, i)).Where(p => p.w == "the").Select(p => CellOfColour(s.Image, words[p.i + 1])).ToArray();
            if (s.Question.EndsWith("relative to the " + words[^3] + " " + words[^2] + " ?", StringComparison.Ordinal))
            {
                kinds.Add("relation");
                var ((c1, r1), (c2, r2)) = (named[0], named[1]);
                var expected = r1 == r2 ? (c1 < c2 ? "left" : "right") : (r1 < r2 ? "above" : "below");
                Assert.True(r1 == r2 || c1 == c2, s.Question);
                Assert.Equal(expected, s.Answer);
            }
            else if (words[0] == "is")
            {
                kinds.Add("yes/no");
                var ((c1, r1), (c2, r2)) = (named[0], named[1]);
                var phrase = string.Join(' ', words[4..^4]);
                var holds = phrase switch
                {
                    "left of" => r1 == r2 && c1 < c2,
                    "right of" => r1 == r2 && c1 > c2,
                    "above" => c1 == c2 && r1 < r2,
                    "below" => c1 == c2 && r1 > r2,
                    _ => throw new InvalidOperationException(s.Question),
                };
                Assert.Equal(holds ? "yes" : "no", s.Answer);
            }
            else
            {
                kinds.Add("quadrant");
                var (column, row) = Assert.Single(named);
                Assert.Equal($"{(row < 2 ? "top" : "bottom")} {(column < 2 ? "left" : "right")}", s.Answer);
            }
        }
        Assert.Equal(3, kinds.Count);
    }

    /// <summary>The one scene cell holding pixels of the named colour (within its +-0.06 jitter).</summary>
    private static (int Column, int Row) CellOfColour(float[] image, string colourName)
    {
        const int size = BenchmarkData.ImageSize;
        var rgb = SceneWords.Colours.Single(c => c.Name == colourName).Value;
        var cells = new HashSet<(int, int)>();
        for (var y = 0; y < size; y++)
        for (var x = 0; x < size; x++)
        {
            var i = y * size + x;
            if (Math.Abs(image[i] - rgb.R) < 0.07 && Math.Abs(image[size * size + i] - rgb.G) < 0.07 && Math.Abs(image[2 * size * size + i] - rgb.B) < 0.07)
                cells.Add((x / Scene.CellSize, y / Scene.CellSize));
        }
        return Assert.Single(cells);
    }

    /// <summary>Number of scene cells holding any pixel brighter than the background noise (0.12) in some channel.</summary>
    private static int OccupiedCells(float[] image)
    {
        const int size = BenchmarkData.ImageSize;
        var cells = new HashSet<(int, int)>();
        for (var c = 0; c < BenchmarkData.Channels; c++)
        for (var y = 0; y < size; y++)
        for (var x = 0; x < size; x++)
            if (image[c * size * size + y * size + x] > 0.3f)
                cells.Add((x / Scene.CellSize, y / Scene.CellSize));
        return cells.Count;
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
        Assert.Equal(("bench-v5", "58e559a421225f6d"), (BenchmarkData.Version, fingerprint));
    }
}
