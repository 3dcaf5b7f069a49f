namespace LoRASculpt.Core.Tests.Suites;

/// <summary>Suite-file text for tests: one dataset entry per call, each pointing at <see cref="SuiteFolder.WriteDatasetFiles"/>'s files.</summary>
internal static class SuiteJson
{
    public static string Dataset(string name, string role, string metric, string extra = "")
    {
        var training = role == "target" ? $", \"training_file\": \"{name}/train.json\"" : "";
        return $$"""
            { "name": "{{name}}", "role": "{{role}}", "metric": "{{metric}}",
              "questions": "{{name}}/questions.jsonl", "images": "{{name}}/images", "answers": "{{name}}/answers.jsonl"{{training}}{{extra}} }
            """;
    }

    public static string Suite(params string[] datasets) =>
        $$"""
        {
          "name": "test-suite",
          "version": "v1",
          "datasets": [
        {{string.Join(",\n", datasets)}}
          ]
        }
        """;
}
