namespace LoRASculpt.Core.Benchmark.Generation;

/// <summary>
/// spatial-qa (GQA role): where an object is in the image (its quadrant), where one object is relative to another
/// (same row or column), or a yes/no check of such a relation; one third each.
/// The quadrant questions need one look-up (find the object by its colour, read its position); without them
/// (bench-v4: relations only, plus a distractor object) the tiny model never learnt positions and stayed at the prior.
/// </summary>
internal static class SpatialQaGenerator
{
    private static readonly string[] Relations = ["left", "right", "above", "below"];
    private static readonly string[] RelationPhrases = ["left of", "right of", "above", "below"];

    public static GeneratedItem Generate(Random random)
    {
        var scene = new Scene();
        var colours = random.Distinct(SceneWords.Colours.Count, 2);
        var shapes = SceneWords.Shapes.Count;
        var sameRow = random.Next(2) == 0;
        var line = random.Next(Scene.GridSize);
        var along = random.Distinct(Scene.GridSize, 2);
        var first = sameRow
            ? scene.Add(random.Next(shapes), colours[0], along[0], line)
            : scene.Add(random.Next(shapes), colours[0], line, along[0]);
        var second = sameRow
            ? scene.Add(random.Next(shapes), colours[1], along[1], line)
            : scene.Add(random.Next(shapes), colours[1], line, along[1]);
        var image = scene.Render(random);

        var kind = random.Next(3);
        if (kind == 0)
        {
            var answer = Quadrant(first);
            return new GeneratedItem(image, $"where is the {first.Phrase} ?", answer, [answer]);
        }
        var relation = sameRow ? (first.Column < second.Column ? 0 : 1) : (first.Row < second.Row ? 2 : 3);
        if (kind == 1)
        {
            var answer = Relations[relation];
            return new GeneratedItem(image, $"where is the {first.Phrase} relative to the {second.Phrase} ?", answer, [answer]);
        }
        var askTrue = random.Next(2) == 0;
        var asked = askTrue ? relation : random.Pick(Enumerable.Range(0, 4).Where(r => r != relation).ToArray());
        var yesNo = askTrue ? "yes" : "no";
        return new GeneratedItem(image, $"is the {first.Phrase} {RelationPhrases[asked]} the {second.Phrase} ?", yesNo, [yesNo]);
    }

    /// <summary>"top left" ... "bottom right": the quadrant of the 4x4 grid the object's cell is in.</summary>
    public static string Quadrant(SceneObject o) =>
        $"{(o.Row < Scene.GridSize / 2 ? "top" : "bottom")} {(o.Column < Scene.GridSize / 2 ? "left" : "right")}";
}
