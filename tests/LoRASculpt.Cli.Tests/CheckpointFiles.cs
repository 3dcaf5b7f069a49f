namespace LoRASculpt.Cli.Tests;

/// <summary>
/// A temp folder with what a run on a real checkpoint names: a checkpoint directory (only its config.json:
/// validation reads nothing else) and a tiny evaluation suite whose data files exist. Deleted on dispose.
/// </summary>
internal sealed class CheckpointFiles : IDisposable
{
    public CheckpointFiles()
    {
        Root = Directory.CreateTempSubdirectory("lorasculpt-cli-ckpt-").FullName;
        Checkpoint = Directory.CreateDirectory(Path.Combine(Root, "models", "llava")).FullName;
        File.WriteAllText(Path.Combine(Checkpoint, "config.json"), "{\"model_type\": \"llava\"}");
        Suite = Path.Combine(Root, "data", "suite.json");
        var datasets = new[] { ("textvqa", "source"), ("iconqa-txt", "target"), ("okvqa", "source") };
        foreach (var (name, _) in datasets)
        {
            var folder = Directory.CreateDirectory(Path.Combine(Root, "data", name, "images")).Parent!.FullName;
            File.WriteAllText(Path.Combine(folder, "questions.jsonl"), "{\"question_id\": 1, \"image\": \"a.png\", \"text\": \"What?\"}\n");
            File.WriteAllText(Path.Combine(folder, "answers.jsonl"), "{\"question_id\": 1, \"answers\": [\"yes\"]}\n");
            File.WriteAllText(Path.Combine(folder, "train.json"), "[]");
        }

        var entries = datasets.Select(d =>
            $"{{\"name\": \"{d.Item1}\", \"role\": \"{d.Item2}\", \"metric\": \"exact_match\", \"questions\": \"{d.Item1}/questions.jsonl\", " +
            $"\"images\": \"{d.Item1}/images\", \"answers\": \"{d.Item1}/answers.jsonl\"" +
            (d.Item2 == "target" ? $", \"training_file\": \"{d.Item1}/train.json\"}}" : "}"));
        File.WriteAllText(Suite, $"{{\"name\": \"mini\", \"version\": \"v1\", \"datasets\": [\n{string.Join(",\n", entries)}\n]}}\n");
    }

    public string Root { get; }

    /// <summary>Absolute path of the checkpoint directory (models/llava).</summary>
    public string Checkpoint { get; }

    /// <summary>Absolute path of the suite file (data/suite.json): textvqa (source), iconqa-txt (target), okvqa (source).</summary>
    public string Suite { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
