using LoRASculpt.Sweeps.Expansion;
using static LoRASculpt.Sweeps.Tests.SweepFiles;

namespace LoRASculpt.Sweeps.Tests.Parsing;

public sealed class JsonSweepFileTests
{
    private const string Yaml = """
        name: beta
        target: icon-mc
        methods: [lora, lorasculpt]
        parameters:
          beta: {values: [1.0e-2, 1e-5]}
          connector: {value: lora}
          target_modules: {value: [q, k, v]}
        """;

    private const string Json = """
        {
        	"name": "beta",
        	"target": "icon-mc",
        	"methods": ["lora", "lorasculpt"],
        	"parameters": {
        		"beta": {"values": [0.01, 0.00001]},
        		"connector": {"value": "LoRA"},
        		"target_modules": {"value": "v,k,q"}
        	}
        }
        """;

    [Fact]
    public void Json_and_yaml_spellings_of_one_sweep_give_the_same_spec_id_and_trials()
    {
        var fromYaml = Valid(Yaml, "beta.yaml");
        var fromJson = Valid(Json, "beta.json");

        Assert.Equal(SweepIds.CanonicalText(fromYaml), SweepIds.CanonicalText(fromJson));
        Assert.Equal(SweepIds.For(fromYaml), SweepIds.For(fromJson));
        Assert.Equal(SweepExpander.Expand(fromYaml).Select(t => t.TrialId), SweepExpander.Expand(fromJson).Select(t => t.TrialId));
    }

    [Fact]
    public void Json_is_detected_by_its_first_character_too()
    {
        var spec = Valid("""  {"target": "icon-mc", "methods": ["dora"]}""", "sweep.txt");
        Assert.Equal(["dora"], spec.Methods.ToArray());
    }

    [Fact]
    public void Json_errors_have_the_same_paths_and_positions()
    {
        var errors = Errors("""
            {
              "target": "icon-mc",
              "methods": ["lorasculpt"],
              "parameters": {"density": {"values": [0.1, 1.5]}}
            }
            """, "bad.json");

        var error = At(errors, "parameters.density.values[1]");
        Assert.Equal((4, 46), (error.Line, error.Column));
    }

    [Fact]
    public void Invalid_json_is_reported_with_its_line()
    {
        var error = Assert.Single(Errors("{\n  \"target\": \"icon-mc\",\n  \"methods\": [\"lora\",]\n}\n", "bad.json"));
        Assert.Equal("", error.Path);
        Assert.StartsWith("invalid JSON:", error.Message);
        Assert.Equal(3, error.Line);
    }
}
