namespace LoRASculpt.Core.Benchmark.Generation;

/// <summary>
/// icon-mc (IconQA-txt role, target): multiple choice over an icon grid, answered with the option's letter.
/// Its questions reuse the source tasks' wording ("what colour is the circle ?", "how many objects are there ?"),
/// so a model tuned to answer with letters is tempted to do so on source questions too, the interference
/// the paper measures as forgetting.
/// Each question kind lists the same four options in the same order (shapes in catalogue order, the first four
/// colours, the counts 1-4), so an option's letter is a fixed code of the answer. With shuffled options (bench-v3)
/// the letter had to be looked up by matching the answer against the listed options, an induction circuit the
/// 3-layer model did not form in a fine-tuning budget: LoRA learnt to answer with a letter but stayed at chance.
/// </summary>
internal static class IconMcGenerator
{
    /// <summary>Colours that objects of the colour question are drawn from, in catalogue order: the options A-D.</summary>
    private const int ColourOptions = 4;

    private const int MaxCount = 4;

    public static GeneratedItem Generate(Random random)
    {
        var scene = new Scene();
        string question;
        string[] options;
        string correct;
        switch (random.Next(3))
        {
            case 0:
            {
                // A unique most frequent shape.
                var shapes = random.Distinct(SceneWords.Shapes.Count, SceneWords.Shapes.Count);
                var most = 2 + random.Next(3);
                for (var i = 0; i < most; i++) scene.AddAnywhere(random, shapes[0], random.Next(SceneWords.Colours.Count));
                var budget = 7 - most;
                foreach (var other in shapes[1..])
                {
                    var n = Math.Min(random.Next(most), budget);
                    for (var i = 0; i < n; i++) scene.AddAnywhere(random, other, random.Next(SceneWords.Colours.Count));
                    budget -= n;
                }
                question = "which shape appears most often ?";
                correct = SceneWords.Shapes[shapes[0]].Name;
                options = SceneWords.Shapes.Select(s => s.Name).ToArray();
                break;
            }
            case 1:
            {
                var count = 2 + random.Next(3);
                var shapes = random.Distinct(SceneWords.Shapes.Count, count);
                var colours = random.Distinct(ColourOptions, count);
                for (var i = 0; i < count; i++) scene.AddAnywhere(random, shapes[i], colours[i]);
                var asked = random.Pick(scene.Objects);
                question = $"what colour is the {asked.ShapeName} ?";
                correct = asked.ColourName;
                options = SceneWords.Colours.Take(ColourOptions).Select(c => c.Name).ToArray();
                break;
            }
            default:
            {
                var count = 1 + random.Next(MaxCount);
                for (var i = 0; i < count; i++) scene.AddAnywhere(random, random.Next(SceneWords.Shapes.Count), random.Next(SceneWords.Colours.Count));
                question = "how many objects are there ?";
                correct = SceneWords.Digits[count];
                options = Enumerable.Range(1, MaxCount).Select(n => SceneWords.Digits[n]).ToArray();
                break;
            }
        }
        var image = scene.Render(random);
        var letter = SceneWords.OptionLetters[Array.IndexOf(options, correct)];
        var listed = string.Join(" ", options.Select((o, i) => $"{SceneWords.OptionLetters[i]} {o}"));
        return new GeneratedItem(image, $"{question} {listed} answer with the option letter .", letter, [letter]);
    }
}
