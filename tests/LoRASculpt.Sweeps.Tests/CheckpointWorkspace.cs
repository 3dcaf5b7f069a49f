namespace LoRASculpt.Sweeps.Tests;

/// <summary>
/// A temp folder holding what a sweep on a real checkpoint points at: checkpoint directories (just a config.json;
/// nothing here reads weights) and a tiny evaluation suite whose data files exist. Deleted on dispose.
/// </summary>
internal sealed class CheckpointWorkspace : IDisposable
{
    public CheckpointWorkspace() => Root = Directory.CreateTempSubdirectory("lorasculpt-sweep-").FullName;

    public string Root { get; }

    /// <summary>Creates <paramref name="relative"/> with a config.json; returns its absolute path.</summary>
    public string Checkpoint(string relative)
    {
        var path = Directory.CreateDirectory(Path.Combine(Root, relative)).FullName;
        File.WriteAllText(Path.Combine(path, "config.json"), "{\"model_type\": \"llava\"}");
        return path;
    }

    /// <summary>
    /// Writes a suite file at <paramref name="relative"/> with datasets textvqa (source), iconqa-txt (target),
    /// okvqa (source), scienceqa (target), in that order; returns its absolute path.
    /// </summary>
    public string Suite(string relative, string name = "mini")
    {
        var path = Path.Combine(Root, relative);
        var folder = Directory.CreateDirectory(Path.GetDirectoryName(path)!).FullName;
        var datasets = new[] { ("textvqa", "source"), ("iconqa-txt", "target"), ("okvqa", "source"), ("scienceqa", "target") };
        foreach (var (dataset, _) in datasets)
        {
            Directory.CreateDirectory(Path.Combine(folder, dataset, "images"));
            File.WriteAllText(Path.Combine(folder, dataset, "questions.jsonl"), "{\"question_id\": 1, \"image\": \"a.png\", \"text\": \"What?\"}\n");
            File.WriteAllText(Path.Combine(folder, dataset, "answers.jsonl"), "{\"question_id\": 1, \"answers\": [\"yes\"]}\n");
            File.WriteAllText(Path.Combine(folder, dataset, "train.json"), "[]");
        }

        var entries = datasets.Select(d =>
            $"{{\"name\": \"{d.Item1}\", \"role\": \"{d.Item2}\", \"metric\": \"exact_match\", \"questions\": \"{d.Item1}/questions.jsonl\", " +
            $"\"images\": \"{d.Item1}/images\", \"answers\": \"{d.Item1}/answers.jsonl\"" +
            (d.Item2 == "target" ? $", \"training_file\": \"{d.Item1}/train.json\"}}" : "}"));
        File.WriteAllText(path, $"{{\"name\": \"{name}\", \"version\": \"v1\", \"datasets\": [\n{string.Join(",\n", entries)}\n]}}\n");
        return path;
    }

    /// <summary>Writes any file under the root; returns its absolute path.</summary>
    public string Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
