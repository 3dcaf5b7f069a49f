using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LoRASculpt.Core.Suites;

/// <summary>
/// SHA-256 over everything in a suite that decides its scores: per dataset, in order, its name, role, metric,
/// prompt suffix, generation budget, subset, and the SHA-256 of its question, answer and training files' bytes.
/// Image folders are not hashed (hundreds of thousands of files for GQA); the question files name the images.
/// The suite's own name and version are left out: the version is recorded next to the hash anyway.
/// </summary>
public static class SuiteContentHash
{
    private const string FormatTag = "lorasculpt-suite-content-v1";

    public static string Compute(IReadOnlyList<SuiteDataset> datasets)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        var text = new StringBuilder(FormatTag).Append('\n');
        foreach (var dataset in datasets)
        {
            // JSON-quoting the free text keeps the record unambiguous whatever characters a name or suffix holds.
            text.Append("dataset ").Append(JsonSerializer.Serialize(dataset.Name)).Append('\n')
                .Append("role ").Append(dataset.Role == SuiteDatasetRole.Target ? "target" : "source").Append('\n')
                .Append("metric ").Append(SuiteMetricNames.NameOf(dataset.Metric)).Append('\n')
                .Append("prompt_suffix ").Append(JsonSerializer.Serialize(dataset.PromptSuffix)).Append('\n')
                .Append("max_new_tokens ").Append(dataset.MaxNewTokens).Append('\n')
                .Append("sample ").Append(dataset.Sample?.ToString() ?? "all").Append('\n');
            if (dataset.Files is { } files)
            {
                text.Append("questions ").Append(FileSha256(files.Questions)).Append('\n')
                    .Append("answers ").Append(FileSha256(files.Answers)).Append('\n')
                    .Append("training ").Append(files.TrainingFile is null ? "none" : FileSha256(files.TrainingFile)).Append('\n');
            }
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static string FileSha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
