using LoRASculpt.Training.Tokenization;

namespace LoRASculpt.Training.Tests.Tokenization;

public sealed class TokenizerLoadingTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Factory_loads_the_sentencepiece_tokenizer_of_a_checkpoint_directory()
    {
        TestTokenizers.WriteTinyLlavaHfTokenizer(directory.Path);

        var tokenizer = TextTokenizers.Load(directory.Path);

        Assert.IsType<LlamaSentencePieceTokenizer>(tokenizer);
        Assert.Equal([288, 366], tokenizer.Encode("USER:"));
    }

    [Fact]
    public void Missing_model_file_is_named_in_the_error()
    {
        var error = Assert.Throws<FileNotFoundException>(() => TextTokenizers.Load(directory.Path));

        Assert.Equal(directory.File("tokenizer.model"), error.FileName);
        Assert.Contains(directory.File("tokenizer.model"), error.Message);
    }

    [Fact]
    public void Unreadable_model_file_is_named_in_the_error()
    {
        File.WriteAllText(directory.File("tokenizer.model"), "version https://git-lfs.github.com/spec/v1\n");

        var error = Assert.Throws<InvalidDataException>(() => TextTokenizers.Load(directory.Path));

        Assert.Contains(directory.File("tokenizer.model"), error.Message);
    }

    [Fact]
    public void Missing_directory_is_an_error() =>
        Assert.Throws<DirectoryNotFoundException>(() => TextTokenizers.Load(directory.File("absent")));

    [Fact]
    public void Added_tokens_are_read_from_tokenizer_json_alone()
    {
        File.Copy(TestTokenizers.TinyModelPath, directory.File("tokenizer.model"));
        File.WriteAllText(directory.File("tokenizer.json"),
            """{"version": "1.0", "added_tokens": [{"id": 401, "content": "<pad>", "special": true}, {"id": 400, "content": "<image>", "special": true}], "model": {}}""");

        var tokenizer = LlamaSentencePieceTokenizer.Load(directory.Path);

        Assert.Equal((400, 401, 402), (tokenizer.ImageId, tokenizer.PadId, tokenizer.VocabSize));
    }

    [Fact]
    public void Files_that_disagree_on_an_id_are_an_error_naming_both()
    {
        TestTokenizers.WriteTinyLlavaHfTokenizer(directory.Path);
        File.WriteAllText(directory.File("added_tokens.json"), """{"<image>": 401, "<pad>": 400}""");

        var error = Assert.Throws<InvalidDataException>(() => LlamaSentencePieceTokenizer.Load(directory.Path));

        Assert.Contains("added_tokens.json", error.Message);
        Assert.Contains("tokenizer_config.json", error.Message);
    }

    [Fact]
    public void Malformed_added_tokens_file_is_named_in_the_error()
    {
        File.Copy(TestTokenizers.TinyModelPath, directory.File("tokenizer.model"));
        File.WriteAllText(directory.File("added_tokens.json"), """{"<image>": "four hundred"}""");

        var error = Assert.Throws<InvalidDataException>(() => LlamaSentencePieceTokenizer.Load(directory.Path));

        Assert.Contains(directory.File("added_tokens.json"), error.Message);
    }

    [Fact]
    public void Strip_flags_eat_the_whitespace_beside_the_token_as_hf_lstrip_and_rstrip_do()
    {
        File.Copy(TestTokenizers.TinyModelPath, directory.File("tokenizer.model"));
        File.WriteAllText(directory.File("tokenizer_config.json"),
            """{"added_tokens_decoder": {"400": {"content": "<image>", "lstrip": true, "rstrip": true, "special": true}}}""");

        var tokenizer = LlamaSentencePieceTokenizer.Load(directory.Path);

        // "USER:" and "What" are encoded as if the spaces around <image> were not there.
        Assert.Equal([288, 366, 400, 300], tokenizer.Encode("USER:  <image> \n What"));
    }
}
