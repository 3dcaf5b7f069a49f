namespace LoRASculpt.Core.Benchmark.Generation;

/// <summary>count-vqa (TextVQA role in the suite): how many objects of a colour, or in total; ten annotator answers.</summary>
internal static class CountVqaGenerator
{
    public static GeneratedItem Generate(Random random)
    {
        var scene = new Scene();
        var colours = random.Distinct(SceneWords.Colours.Count, SceneWords.Colours.Count);
        var target = 1 + random.Next(5);
        var distractors = random.Next(4);
        for (var i = 0; i < target; i++)
            scene.AddAnywhere(random, random.Next(SceneWords.Shapes.Count), colours[0]);
        for (var i = 0; i < distractors; i++)
            scene.AddAnywhere(random, random.Next(SceneWords.Shapes.Count), colours[1 + random.Next(colours.Length - 1)]);
        var image = scene.Render(random);

        var askTotal = random.NextDouble() < 0.3;
        var count = askTotal ? target + distractors : target;
        var question = askTotal ? "how many objects are there ?" : $"how many {SceneWords.Colours[colours[0]].Name} objects are there ?";
        var answer = SceneWords.Digits[count];
        // Annotators write the digit, sometimes the number word (the same answer once normalised), sometimes miss by one.
        string[] alternatives = [SceneWords.NumberWords[count], SceneWords.Digits[count + 1], SceneWords.Digits[count - 1 >= 1 ? count - 1 : count + 1]];
        return new GeneratedItem(image, question, answer, Annotators.Answers(random, answer, alternatives));
    }
}
