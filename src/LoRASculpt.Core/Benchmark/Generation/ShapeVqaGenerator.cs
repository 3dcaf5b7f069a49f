namespace LoRASculpt.Core.Benchmark.Generation;

/// <summary>shape-vqa (OKVQA role): the shape of the object of a colour, or the colour of a unique shape; ten annotator answers with synonyms.</summary>
internal static class ShapeVqaGenerator
{
    public static GeneratedItem Generate(Random random)
    {
        var scene = new Scene();
        var count = 2 + random.Next(3);
        foreach (var colour in random.Distinct(SceneWords.Colours.Count, count))
            scene.AddAnywhere(random, random.Next(SceneWords.Shapes.Count), colour);
        var image = scene.Render(random);

        var uniqueShapes = scene.Objects.Where(o => scene.Objects.Count(p => p.Shape == o.Shape) == 1).ToArray();
        if (uniqueShapes.Length > 0 && random.NextDouble() < 0.4)
        {
            var target = random.Pick(uniqueShapes);
            var colour = SceneWords.Colours[target.Colour];
            return new GeneratedItem(image, $"what colour is the {target.ShapeName} ?", colour.Name,
                Annotators.Answers(random, colour.Name, [colour.Synonym]));
        }
        var asked = random.Pick(scene.Objects);
        var shape = SceneWords.Shapes[asked.Shape];
        var question = random.Next(2) == 0 ? $"what shape is the {asked.ColourName} object ?" : $"what is the shape of the {asked.ColourName} object ?";
        return new GeneratedItem(image, question, shape.Name, Annotators.Answers(random, shape.Name, shape.Synonyms));
    }
}
