namespace LoRASculpt.Core.Suites;

/// <summary>
/// Where a file-backed dataset's data lies, as absolute paths (a suite file's relative paths are resolved
/// against the suite file's folder).
/// </summary>
/// <param name="Questions">LLaVA's evaluation question file: JSONL lines {"question_id", "image", "text"}.</param>
/// <param name="Images">Folder the questions' "image" paths are relative to.</param>
/// <param name="Answers">References: JSONL {"question_id", "answers": [..]} or {"question_id", "answer": ".."}, or a JSON object question_id -> answer(s).</param>
/// <param name="TrainingFile">Targets only: LLaVA training JSON (a list of {"id", "image", "conversations"}).</param>
/// <param name="TrainingImages">Folder the training file's "image" paths are relative to; null when there is no training file.</param>
public sealed record SuiteDatasetFiles(string Questions, string Images, string Answers, string? TrainingFile, string? TrainingImages);
