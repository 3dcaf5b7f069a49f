using LoRASculpt.Core.Suites;
using LoRASculpt.Training.Datasets;

namespace LoRASculpt.Training.Suites;

/// <summary>
/// What a trial reads of a suite dataset: its evaluation items (after the suite's own sample) and a target's training
/// conversations, each capped by the trial's eval_samples / train_samples (the first N in file order; 0 = all).
/// </summary>
public static class SuiteItems
{
    public static IReadOnlyList<EvaluationItem> Evaluation(SuiteDataset dataset, int cap)
    {
        var items = SuiteDatasetLoader.LoadEvaluation(dataset);
        return cap > 0 && items.Count > cap ? items.Take(cap).ToArray() : items;
    }

    public static IReadOnlyList<TrainingConversation> Training(SuiteDataset dataset, int cap)
    {
        var items = SuiteDatasetLoader.LoadTraining(dataset);
        if (items.Count == 0)
            throw new InvalidDataException($"Target '{dataset.Name}' has an empty training file.");
        return cap > 0 && items.Count > cap ? items.Take(cap).ToArray() : items;
    }
}
