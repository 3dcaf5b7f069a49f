namespace LoRASculpt.Core.Suites;

/// <summary>The field names of a suite file, in one place for the reader and its "known fields" messages.</summary>
internal static class SuiteFileKeys
{
    public const string Name = "name";
    public const string Version = "version";
    public const string Datasets = "datasets";

    public const string Role = "role";
    public const string Metric = "metric";
    public const string Questions = "questions";
    public const string Images = "images";
    public const string Answers = "answers";
    public const string PromptSuffix = "prompt_suffix";
    public const string MaxNewTokens = "max_new_tokens";
    public const string TrainingFile = "training_file";
    public const string TrainingImages = "training_images";
    public const string Sample = "sample";

    public const string Count = "count";
    public const string Seed = "seed";

    public static IReadOnlyList<string> Root { get; } = [Name, Version, Datasets];

    public static IReadOnlyList<string> Dataset { get; } =
        [Name, Role, Metric, Questions, Images, Answers, PromptSuffix, MaxNewTokens, TrainingFile, TrainingImages, Sample];

    public static IReadOnlyList<string> SampleFields { get; } = [Count, Seed];

    public const string SourceRole = "source";
    public const string TargetRole = "target";
}
