using LoRASculpt.Core.Models;
using LoRASculpt.Core.Settings;

namespace LoRASculpt.Core.Tests.Models;

public sealed class BaseModelReferenceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lorasculpt-model-").FullName;

    [Theory]
    [InlineData("tiny-llava", false)]
    [InlineData("llava-1.5-7b-hf", false)]
    [InlineData("models/llava", true)]
    [InlineData("C:\\models\\llava", true)]
    [InlineData("./llava", true)]
    [InlineData("..", true)]
    [InlineData(".hidden", true)]
    [InlineData("~", true)]
    [InlineData("~/models/llava", true)]
    [InlineData("/abs/llava", true)]
    public void A_value_with_a_separator_or_a_leading_dot_or_tilde_is_a_path(string value, bool isPath)
    {
        Assert.Equal(isPath, BaseModelReference.IsPath(value));
    }

    [Fact]
    public void A_preset_name_is_kept_as_written()
    {
        Assert.Equal(new BaseModelReference("micro-llava", false), BaseModelReference.Parse("micro-llava", _root));
    }

    [Fact]
    public void Relative_paths_start_at_the_base_directory_and_lose_trailing_separators()
    {
        var parsed = BaseModelReference.Parse("./ckpt/llava/", _root);

        Assert.Equal(new BaseModelReference(_root + "/ckpt/llava", true), parsed);
        Assert.Equal(_root + "/ckpt", BaseModelReference.Parse("ckpt/llava/../", _root).Value);
    }

    [Fact]
    public void Tilde_is_the_home_directory()
    {
        var home = Path.Combine(_root, "home");

        Assert.Equal(home + "/models/llava-1.5-7b-hf", BaseModelReference.Parse("~/models/llava-1.5-7b-hf", "/elsewhere", home).Value);
        Assert.Equal(home, UserPath.Resolve("~", "/elsewhere", home));
        Assert.Equal(home + "/x", UserPath.Resolve("~/x/", "/elsewhere", home + "/"));
        // '~name' (another user's home) is not expanded: it is a relative name like any other.
        Assert.Equal("/elsewhere/~bob", UserPath.Resolve("~bob", "/elsewhere", home));
        Assert.Equal("/", UserPath.Resolve("/", "/elsewhere", home));
    }

    [Fact]
    public void Problems_name_the_path_and_what_is_missing()
    {
        var missing = BaseModelReference.Parse("./absent", _root);
        var empty = BaseModelReference.Parse("./empty", _root);
        Directory.CreateDirectory(empty.Value);
        var checkpoint = BaseModelReference.Parse("./llava", _root);
        Directory.CreateDirectory(checkpoint.Value);
        File.WriteAllText(Path.Combine(checkpoint.Value, "config.json"), "{}");

        Assert.Equal($"checkpoint directory {_root}/absent does not exist", missing.Problem());
        Assert.Equal($"checkpoint directory {_root}/empty has no config.json (a Hugging Face LLaVA checkpoint directory holds config.json and its *.safetensors)",
            empty.Problem());
        Assert.Null(checkpoint.Problem());
        Assert.Null(BaseModelReference.Parse("tiny-llava", _root).Problem());
        Assert.Equal("base_model must be one of tiny-llava, micro-llava or a checkpoint directory path; got 'gpt-7b'",
            BaseModelReference.Parse("gpt-7b", _root).Problem());
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
