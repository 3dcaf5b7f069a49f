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

    // Errors in JSON files (paths, positions, invalid JSON) are rows of SweepFileErrorCases.
}
