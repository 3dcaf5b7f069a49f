using System.Text.Json;
using LoRASculpt.Core.Benchmark;

namespace LoRASculpt.Core.Suites;

/// <summary>Reads one entry of a suite's "datasets" list.</summary>
internal static class SuiteDatasetReader
{
    public static SuiteDataset? Read(JsonElement element, string path, string baseDirectory, List<SuiteError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new SuiteError(path, $"must be an object; got {JsonFields.KindName(element.ValueKind)}"));
            return null;
        }
        var before = errors.Count;
        var fields = new JsonFields(element, path, SuiteFileKeys.Dataset, errors);
        var name = fields.RequiredString(SuiteFileKeys.Name, "the dataset's name");
        var role = ReadRole(fields, errors);
        var metric = ReadMetric(fields, errors);
        var questions = ReadPath(fields, SuiteFileKeys.Questions, "LLaVA question file (JSONL)", baseDirectory, isFolder: false, errors);
        var images = ReadPath(fields, SuiteFileKeys.Images, "the folder the questions' images are in", baseDirectory, isFolder: true, errors);
        var answers = ReadPath(fields, SuiteFileKeys.Answers, "the answers file", baseDirectory, isFolder: false, errors);
        var suffix = fields.OptionalString(SuiteFileKeys.PromptSuffix, "", allowEmpty: true);
        var maxNewTokens = fields.OptionalInt(SuiteFileKeys.MaxNewTokens, EvaluationSuiteFile.DefaultMaxNewTokens, 1, EvaluationSuiteFile.MaxMaxNewTokens);
        var (trainingFile, trainingImages) = ReadTraining(fields, role, images, baseDirectory, errors);
        var sample = ReadSample(fields, errors);

        if (errors.Count > before || name is null || role is null || metric is null || questions is null || images is null || answers is null || suffix is null || maxNewTokens is null)
            return null;
        var files = new SuiteDatasetFiles(questions, images, answers, trainingFile, trainingImages);
        return new SuiteDataset(name, role.Value, metric.Value, suffix, maxNewTokens.Value, files, sample);
    }

    private static SuiteDatasetRole? ReadRole(JsonFields fields, List<SuiteError> errors)
    {
        var text = fields.RequiredString(SuiteFileKeys.Role, $"{SuiteFileKeys.SourceRole} or {SuiteFileKeys.TargetRole}");
        switch (text)
        {
            case null: return null;
            case SuiteFileKeys.SourceRole: return SuiteDatasetRole.Source;
            case SuiteFileKeys.TargetRole: return SuiteDatasetRole.Target;
            default:
                errors.Add(new SuiteError(fields.Join(SuiteFileKeys.Role), $"must be one of {SuiteFileKeys.SourceRole}, {SuiteFileKeys.TargetRole}; got '{text}'"));
                return null;
        }
    }

    private static MetricKind? ReadMetric(JsonFields fields, List<SuiteError> errors)
    {
        var known = string.Join(", ", SuiteMetricNames.All);
        var text = fields.RequiredString(SuiteFileKeys.Metric, $"one of {known}");
        if (text is null)
            return null;
        if (SuiteMetricNames.TryParse(text, out var metric))
            return metric;
        errors.Add(new SuiteError(fields.Join(SuiteFileKeys.Metric), $"must be one of {known}; got '{text}'"));
        return null;
    }

    private static string? ReadPath(JsonFields fields, string key, string whatItIs, string baseDirectory, bool isFolder, List<SuiteError> errors)
    {
        var relative = fields.RequiredString(key, whatItIs);
        return relative is null ? null : Resolve(fields.Join(key), relative, baseDirectory, isFolder, errors);
    }

    private static string? Resolve(string path, string relative, string baseDirectory, bool isFolder, List<SuiteError> errors)
    {
        var full = Path.GetFullPath(Path.Combine(baseDirectory, relative));
        if (isFolder ? Directory.Exists(full) : File.Exists(full))
            return full;
        errors.Add(new SuiteError(path, $"{(isFolder ? "folder" : "file")} not found: {full}"));
        return null;
    }

    private static (string? File, string? Images) ReadTraining(JsonFields fields, SuiteDatasetRole? role, string? evalImages, string baseDirectory, List<SuiteError> errors)
    {
        var trainingPath = fields.Join(SuiteFileKeys.TrainingFile);
        var imagesPath = fields.Join(SuiteFileKeys.TrainingImages);
        if (role == SuiteDatasetRole.Source)
        {
            if (fields.Has(SuiteFileKeys.TrainingFile))
                errors.Add(new SuiteError(trainingPath, "only a target dataset has a training file"));
            if (fields.Has(SuiteFileKeys.TrainingImages))
                errors.Add(new SuiteError(imagesPath, "only a target dataset has training images"));
            return (null, null);
        }
        if (role is null)
            return (null, null);

        var relative = fields.RequiredString(SuiteFileKeys.TrainingFile, "a target's training data (LLaVA training JSON)");
        var file = relative is null ? null : Resolve(trainingPath, relative, baseDirectory, isFolder: false, errors);
        var relativeImages = fields.OptionalString(SuiteFileKeys.TrainingImages, null, allowEmpty: false);
        // Without training_images the training file's images live in the evaluation image folder.
        var images = relativeImages is null ? evalImages : Resolve(imagesPath, relativeImages, baseDirectory, isFolder: true, errors);
        return (file, images);
    }

    private static EvalSubset? ReadSample(JsonFields fields, List<SuiteError> errors)
    {
        if (!fields.TryGet(SuiteFileKeys.Sample, out var element))
            return null;
        var path = fields.Join(SuiteFileKeys.Sample);
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new SuiteError(path, $"must be an object {{\"count\": N, \"seed\": S}}; got {JsonFields.KindName(element.ValueKind)}"));
            return null;
        }
        var sample = new JsonFields(element, path, SuiteFileKeys.SampleFields, errors);
        if (!sample.Has(SuiteFileKeys.Count))
        {
            errors.Add(new SuiteError(sample.Join(SuiteFileKeys.Count), "required: how many questions to evaluate"));
            return null;
        }
        var count = sample.OptionalInt(SuiteFileKeys.Count, null, 1, int.MaxValue);
        var seed = sample.OptionalInt(SuiteFileKeys.Seed, null, int.MinValue, int.MaxValue);
        if (count is null || (sample.Has(SuiteFileKeys.Seed) && seed is null))
            return null;
        return seed is { } s ? EvalSubset.Sampled(count.Value, s) : EvalSubset.First(count.Value);
    }
}
