using System.Text.Json;
using SkiaSharp;

namespace LoRASculpt.Cli.Tests.Suites;

/// <summary>
/// A small evaluation suite on disk in the formats the paper's authors ship: real PNG files, LLaVA's eval question
/// JSONL with an answers JSONL per dataset, and a target with a LLaVA training JSON (human/gpt conversations).
/// Two sources ("colour", "size") and one target ("side"): questions about a square drawn on a white canvas.
/// </summary>
public static class TinySuite
{
    public const string Target = "side";

    private static readonly (string Name, SKColor Colour)[] Colours = [("red", SKColors.Red), ("green", SKColors.Green), ("blue", SKColors.Blue)];

    /// <summary>Writes the suite under <paramref name="directory"/> and returns the suite file's path.</summary>
    public static string Write(string directory, int trainItems = 12, int evalItems = 6)
    {
        Directory.CreateDirectory(directory);
        var images = Path.Combine(directory, "images");
        Directory.CreateDirectory(images);
        var scenes = Enumerable.Range(0, trainItems + evalItems).Select(i => Scene(images, i)).ToArray();
        var eval = scenes[trainItems..];

        // VQA accuracy scores against ten annotators' answers, as VQAv2/OKVQA files carry them.
        WriteEval(directory, "colour", eval, s => ("What colour is the square?", Enumerable.Repeat(s.Colour, 10).ToArray()));
        WriteEval(directory, "size", eval, s => ("Is the square big or small?", [s.Size]));
        WriteEval(directory, Target, eval, s => ("Is the square on the left or the right?", [s.Side]));
        var training = scenes[..trainItems].Select(s => new
        {
            id = s.Id,
            image = s.Image,
            conversations = new object[]
            {
                new { from = "human", value = "<image>\nIs the square on the left or the right?" },
                new { from = "gpt", value = s.Side },
            },
        });
        File.WriteAllText(Path.Combine(directory, Target, "train.json"), JsonSerializer.Serialize(training));

        const string suffix = "\nAnswer the question using a single word or phrase.";
        var suite = new
        {
            name = "tiny-squares",
            version = "v1",
            datasets = new object[]
            {
                Dataset("colour", "source", "vqa_accuracy", suffix),
                Dataset("size", "source", "exact_match", suffix),
                new
                {
                    name = Target, role = "target", metric = "exact_match", questions = $"{Target}/questions.jsonl", images = "images",
                    answers = $"{Target}/answers.jsonl", prompt_suffix = suffix, max_new_tokens = 4, training_file = $"{Target}/train.json",
                },
            },
        };
        var path = Path.Combine(directory, "suite.json");
        File.WriteAllText(path, JsonSerializer.Serialize(suite, new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    private static object Dataset(string name, string role, string metric, string suffix) => new
    {
        name, role, metric, questions = $"{name}/questions.jsonl", images = "images", answers = $"{name}/answers.jsonl", prompt_suffix = suffix, max_new_tokens = 4,
    };

    private sealed record SceneInfo(string Id, string Image, string Colour, string Size, string Side);

    /// <summary>A 40x30 PNG with one filled square; colour, size and side vary with the index.</summary>
    private static SceneInfo Scene(string folder, int index)
    {
        var (colourName, colour) = Colours[index % Colours.Length];
        var big = index / 3 % 2 == 0;
        var left = index / 2 % 2 == 0;
        using var bitmap = new SKBitmap(40, 30);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            var side = big ? 16 : 8;
            var x = left ? 2 : 38 - side;
            using var paint = new SKPaint { Color = colour, IsAntialias = false };
            canvas.DrawRect(x, 15 - side / 2, side, side, paint);
        }
        var name = $"scene-{index:D3}.png";
        using (var data = bitmap.Encode(SKEncodedImageFormat.Png, 100))
        using (var file = File.Create(Path.Combine(folder, name)))
            data.SaveTo(file);
        return new SceneInfo($"q{index:D3}", name, colourName, big ? "big" : "small", left ? "left" : "right");
    }

    private static void WriteEval(string directory, string dataset, IEnumerable<SceneInfo> scenes, Func<SceneInfo, (string Question, string[] Answers)> ask)
    {
        var folder = Path.Combine(directory, dataset);
        Directory.CreateDirectory(folder);
        var questions = new List<string>();
        var answers = new List<string>();
        foreach (var scene in scenes)
        {
            var (question, references) = ask(scene);
            questions.Add(JsonSerializer.Serialize(new { question_id = scene.Id, image = scene.Image, text = question }));
            answers.Add(JsonSerializer.Serialize(new { question_id = scene.Id, answers = references }));
        }
        File.WriteAllLines(Path.Combine(folder, "questions.jsonl"), questions);
        File.WriteAllLines(Path.Combine(folder, "answers.jsonl"), answers);
    }
}
