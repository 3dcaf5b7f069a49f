using System.Text.Json;

namespace LoRASculpt.Core.Suites;

/// <summary>
/// Reads evaluation suite files (JSON; comments allowed). Shape:
/// <code>
/// {
///   "name": "paper-iconqa", "version": "2025-03",
///   "datasets": [
///     { "name": "okvqa", "role": "source", "metric": "vqa_accuracy",
///       "questions": "okvqa/questions.jsonl", "images": "okvqa/images", "answers": "okvqa/answers.jsonl",
///       "prompt_suffix": "\nAnswer the question using a single word or phrase.", "max_new_tokens": 16,
///       "sample": { "count": 2000, "seed": 0 } },
///     { "name": "iconqa-txt", "role": "target", "metric": "exact_match", ...,
///       "training_file": "iconqa/train.json", "training_images": "iconqa/train_images" }
///   ]
/// }
/// </code>
/// Paths are relative to the suite file's folder. Validation collects every problem with its JSON path (and the
/// line when the JSON itself does not parse), then the content hash is computed over the referenced files.
/// </summary>
public static class EvaluationSuiteFile
{
    /// <summary>LLaVA's model_vqa_loader default.</summary>
    public const int DefaultMaxNewTokens = 128;

    public const int MaxMaxNewTokens = 4096;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
    };

    /// <summary>Reads and validates; throws <see cref="SuiteValidationException"/> listing every problem.</summary>
    public static EvaluationSuite Load(string path)
    {
        var result = Read(path);
        return result.IsValid ? result.Suite! : throw new SuiteValidationException(path, result.Errors);
    }

    public static SuiteParseResult Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new SuiteParseResult(null, [new SuiteError("", $"cannot read the suite file: {ex.Message}")]);
        }
        return Parse(text, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Validates suite JSON whose relative paths are resolved against <paramref name="baseDirectory"/>.</summary>
    public static SuiteParseResult Parse(string json, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        var errors = new List<SuiteError>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } l ? (int)l + 1 : (int?)null;
            return new SuiteParseResult(null, [new SuiteError("", $"invalid JSON: {FirstSentence(ex.Message)}", line)]);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return new SuiteParseResult(null, [new SuiteError("", $"the suite must be a JSON object; got {JsonFields.KindName(root.ValueKind)}")]);

            var fields = new JsonFields(root, "", SuiteFileKeys.Root, errors);
            var name = fields.RequiredString(SuiteFileKeys.Name, "the suite's name");
            var version = fields.RequiredString(SuiteFileKeys.Version, "a version string that scores are recorded with");
            var datasets = ReadDatasets(fields, baseDirectory, errors);
            if (errors.Count > 0 || name is null || version is null)
                return new SuiteParseResult(null, errors);

            try
            {
                return new SuiteParseResult(new EvaluationSuite(name, version, SuiteContentHash.Compute(datasets), datasets), errors);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return new SuiteParseResult(null, [new SuiteError("", $"cannot hash the suite's files: {ex.Message}")]);
            }
        }
    }

    private static List<SuiteDataset> ReadDatasets(JsonFields root, string baseDirectory, List<SuiteError> errors)
    {
        var datasets = new List<SuiteDataset>();
        if (!root.TryGet(SuiteFileKeys.Datasets, out var array))
        {
            errors.Add(new SuiteError(SuiteFileKeys.Datasets, "required: a list of datasets"));
            return datasets;
        }
        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new SuiteError(SuiteFileKeys.Datasets, $"must be an array; got {JsonFields.KindName(array.ValueKind)}"));
            return datasets;
        }
        if (array.GetArrayLength() == 0)
            errors.Add(new SuiteError(SuiteFileKeys.Datasets, "needs at least one dataset"));

        var firstIndexOfName = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var path = $"{SuiteFileKeys.Datasets}[{index}]";
            var dataset = SuiteDatasetReader.Read(element, path, baseDirectory, errors);
            if (dataset is not null)
            {
                if (firstIndexOfName.TryGetValue(dataset.Name, out var first))
                    errors.Add(new SuiteError($"{path}.{SuiteFileKeys.Name}", $"duplicate dataset name '{dataset.Name}' (also {SuiteFileKeys.Datasets}[{first}])"));
                else
                    firstIndexOfName[dataset.Name] = index;
                datasets.Add(dataset);
            }
            index++;
        }
        return datasets;
    }

    // System.Text.Json appends "Path: $ | LineNumber: ..." to its messages; the line is reported separately.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
