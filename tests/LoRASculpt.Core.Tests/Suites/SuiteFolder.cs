namespace LoRASculpt.Core.Tests.Suites;

/// <summary>A fresh temp folder for one test's suite files, deleted on dispose.</summary>
internal sealed class SuiteFolder : IDisposable
{
    public SuiteFolder() => Root = Directory.CreateTempSubdirectory("lorasculpt-suite-").FullName;

    public string Root { get; }

    public string Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public string Folder(string relativePath) => Directory.CreateDirectory(Path.Combine(Root, relativePath)).FullName;

    /// <summary>Question, answer and image files for a dataset folder named <paramref name="name"/>, plus a training file.</summary>
    public void WriteDatasetFiles(string name)
    {
        Write($"{name}/questions.jsonl", "{\"question_id\": 1, \"image\": \"a.png\", \"text\": \"What?\"}\n");
        Write($"{name}/answers.jsonl", "{\"question_id\": 1, \"answers\": [\"yes\"]}\n");
        Write($"{name}/train.json", "[]");
        Folder($"{name}/images");
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
