using LoRASculpt.Core.Scoring;
using LoRASculpt.Core.Suites;

namespace LoRASculpt.Training.Datasets;

/// <summary>
/// Turns a file-backed suite dataset into evaluation items and its training file into conversations.
/// Evaluation order is fixed: the question file's order, then the subset (<see cref="EvalSubset"/>, keeping file
/// order), then the shard (<see cref="ShardAssignment"/>'s contiguous slice of the subset), so shard i of n is
/// the same items on every worker and shards 0..n-1 together are the whole subset.
/// </summary>
public static class SuiteDatasetLoader
{
    /// <summary>
    /// The items of one shard of <paramref name="dataset"/>'s evaluation subset. <paramref name="subset"/> replaces
    /// the suite's own <see cref="SuiteDataset.Sample"/> (null keeps it). Answers and images are checked for the
    /// returned items only; the question file is checked whole.
    /// </summary>
    public static IReadOnlyList<EvaluationItem> LoadEvaluation(SuiteDataset dataset, EvalSubset? subset = null, int shardIndex = 0, int shardCount = 1)
    {
        var files = FilesOf(dataset);
        var questions = LlavaQuestionFile.Load(files.Questions);
        var answers = AnswerFile.Load(files.Answers);
        var selected = (subset ?? dataset.Sample)?.SelectIndices(questions.Select(q => q.Id).ToArray()) ?? Enumerable.Range(0, questions.Count).ToArray();
        var range = ShardAssignment.Range(selected.Count, shardIndex, shardCount);

        var errors = new List<string>();
        var items = new List<EvaluationItem>(range.Count);
        for (var i = range.Start; i < range.End; i++)
        {
            var question = questions[selected[i]];
            if (!answers.TryGetValue(question.Id, out var references))
                errors.Add($"line {question.Line}: question_id '{question.Id}' has no answer in {files.Answers}");
            string? imagePath = null;
            if (question.Image is not null)
            {
                imagePath = Path.GetFullPath(Path.Combine(files.Images, question.Image));
                if (!File.Exists(imagePath))
                    errors.Add($"line {question.Line}: image not found: {imagePath}");
            }
            if (references is not null)
                items.Add(new EvaluationItem(question.Id, PromptSuffix.Apply(question.Text, dataset.PromptSuffix), imagePath, references));
        }
        return errors.Count == 0 ? items : throw new DatasetFileException(files.Questions, errors);
    }

    /// <summary>A target's training conversations (LLaVA training JSON, images under its training image folder).</summary>
    public static IReadOnlyList<TrainingConversation> LoadTraining(SuiteDataset dataset)
    {
        var files = FilesOf(dataset);
        if (files.TrainingFile is null || files.TrainingImages is null)
            throw new InvalidOperationException($"Dataset '{dataset.Name}' has no training file: only a suite's target datasets have one.");
        return LlavaTrainingFile.Load(files.TrainingFile, files.TrainingImages);
    }

    private static SuiteDatasetFiles FilesOf(SuiteDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return dataset.Files ?? throw new InvalidOperationException(
            $"Dataset '{dataset.Name}' is built in and has no files: its samples come from the procedural benchmark (BenchmarkData).");
    }
}
