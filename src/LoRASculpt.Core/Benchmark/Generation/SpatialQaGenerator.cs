namespace LoRASculpt.Core.Benchmark.Generation;

/// <summary>spatial-qa (GQA role): where one object is relative to another (same row or column), or a yes/no check of a relation.</summary>
internal static class SpatialQaGenerator
{
    private static readonly string[] Relations = ["left", "right", "above", "below"];
    private static readonly string[] RelationPhrases = ["left of", "right of", "above", "below"];

    public static GeneratedItem Generate(Random random)
    {
        var scene = new Scene();
        var colours = random.Distinct(SceneWords.Colours.Count, 3);
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
        if (random.Next(2) == 0)
            scene.AddAnywhere(random, random.Next(shapes), colours[2]);
        var image = scene.Render(random);

        var relation = sameRow ? (first.Column < second.Column ? 0 : 1) : (first.Row < second.Row ? 2 : 3);
        if (random.Next(2) == 0)
        {
            var answer = Relations[relation];
            return new GeneratedItem(image, $"where is the {first.Phrase} relative to the {second.Phrase} ?", answer, [answer]);
        }
        var askTrue = random.Next(2) == 0;
        var asked = askTrue ? relation : random.Pick(Enumerable.Range(0, 4).Where(r => r != relation).ToArray());
        var yesNo = askTrue ? "yes" : "no";
        return new GeneratedItem(image, $"is the {first.Phrase} {RelationPhrases[asked]} the {second.Phrase} ?", yesNo, [yesNo]);
    }
}
