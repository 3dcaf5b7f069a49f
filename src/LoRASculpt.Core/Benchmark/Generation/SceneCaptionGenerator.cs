namespace LoRASculpt.Core.Benchmark.Generation;

/// <summary>scene-captions (COCO captions role, target): describe 1-3 objects; five reference captions from different templates.</summary>
internal static class SceneCaptionGenerator
{
    private static readonly string[] Prompts = ["describe the image .", "what is in the image ?", "describe the scene briefly ."];

    public const int ReferenceCount = 5;

    public static GeneratedItem Generate(Random random)
    {
        var scene = new Scene();
        var count = 1 + random.Next(3);
        foreach (var colour in random.Distinct(SceneWords.Colours.Count, count))
            scene.AddAnywhere(random, random.Next(SceneWords.Shapes.Count), colour);
        var image = scene.Render(random);

        var ordered = scene.Objects.OrderBy(o => o.Row).ThenBy(o => o.Column).ToArray();
        var listed = string.Join(" and ", ordered.Select(o => $"a {o.Phrase}"));
        var placed = string.Join(" and ", ordered.Select(o => $"a {o.Phrase} at the {(o.Row < 2 ? "top" : "bottom")} {(o.Column < 2 ? "left" : "right")}"));
        var candidates = new List<string>
        {
            listed,
            $"there is {listed}",
            $"an image of {listed}",
            $"a dark picture with {listed}",
            $"{SceneWords.NumberWords[count]} {(count == 1 ? "shape" : "shapes")} : {listed}",
            placed,
        };
        if (count == 2)
        {
            var (a, b) = (ordered[0], ordered[1]);
            if (a.Row == b.Row) candidates.Add($"a {a.Phrase} left of a {b.Phrase}");
            else if (a.Column == b.Column) candidates.Add($"a {a.Phrase} above a {b.Phrase}");
        }
        var references = candidates.ToArray();
        random.Shuffle(references);
        references = references[..ReferenceCount];
        return new GeneratedItem(image, random.Pick(Prompts), references[0], references);
    }
}
