using System.Text.Json;

namespace LoRASculpt.Training.Tests.Tokenization;

/// <summary>
/// Tokenizer fixtures (Fixtures/tokenizers, see its README) laid out as checkpoint directories, for this project's
/// tokenizer tests and for end-to-end tests that need a tiny LLaVA checkpoint's tokenizer.
/// </summary>
public static class TestTokenizers
{
    /// <summary>Pieces of the tiny SentencePiece model (ids 0-399): &lt;unk&gt;, &lt;s&gt;, &lt;/s&gt;, 256 bytes, 141 BPE pieces.</summary>
    public const int TinyPieceCount = 400;

    /// <summary>llava-hf appends &lt;image&gt; then &lt;pad&gt; after the vocabulary, as 32000 and 32001 follow LLaMA's 32000 pieces.</summary>
    public const int TinyImageId = TinyPieceCount;

    public const int TinyPadId = TinyPieceCount + 1;

    /// <summary>Ids of the tiny tokenizer with llava-hf's added tokens: 402.</summary>
    public const int TinyLlavaHfVocabSize = TinyPieceCount + 2;

    public const int LlamaPieceCount = 32000;

    public static string FixturesDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "tokenizers");

    /// <summary>The 400-piece model spm_train made with LLaMA's settings (tools/make-tiny-llama.sh).</summary>
    public static string TinyModelPath { get; } = Path.Combine(FixturesDirectory, "tiny-llama", "tokenizer.model");

    /// <summary>LLaMA-1/2's real 32000-piece model, rebuilt from llama-tokenizer-js (tools/llama-js-to-model.mjs).</summary>
    public static string LlamaModelPath { get; } = Path.Combine(FixturesDirectory, "llama", "tokenizer.model");

    /// <summary>
    /// Writes a tiny llava-hf style tokenizer into <paramref name="directory"/> (created if needed): the tiny
    /// <c>tokenizer.model</c>, <c>added_tokens.json</c> and <c>tokenizer_config.json</c> with &lt;image&gt; = 400 and
    /// &lt;pad&gt; = 401 (vocabulary size 402; BOS 1, EOS 2, unk 0).
    /// </summary>
    public static void WriteTinyLlavaHfTokenizer(string directory) =>
        WriteLlavaHfTokenizer(directory, TinyModelPath, TinyPieceCount);

    /// <summary>LLaMA's real model with llava-hf's added tokens: &lt;image&gt; = 32000, &lt;pad&gt; = 32001.</summary>
    public static void WriteLlamaLlavaHfTokenizer(string directory) =>
        WriteLlavaHfTokenizer(directory, LlamaModelPath, LlamaPieceCount);

    /// <summary>LLaMA's real model alone, as the original LLaVA-1.5 release ships it (no added tokens).</summary>
    public static void WriteLlamaOriginalLlavaTokenizer(string directory)
    {
        Directory.CreateDirectory(directory);
        File.Copy(LlamaModelPath, Path.Combine(directory, "tokenizer.model"), overwrite: true);
    }

    private static void WriteLlavaHfTokenizer(string directory, string modelPath, int pieceCount)
    {
        Directory.CreateDirectory(directory);
        File.Copy(modelPath, Path.Combine(directory, "tokenizer.model"), overwrite: true);
        var indented = new JsonSerializerOptions { WriteIndented = true };
        File.WriteAllText(Path.Combine(directory, "added_tokens.json"),
            JsonSerializer.Serialize(new Dictionary<string, int> { ["<image>"] = pieceCount, ["<pad>"] = pieceCount + 1 }, indented));

        static Dictionary<string, object> Special(string content) => new()
        {
            ["content"] = content, ["lstrip"] = false, ["normalized"] = false, ["rstrip"] = false, ["single_word"] = false, ["special"] = true,
        };
        var config = new Dictionary<string, object>
        {
            ["add_bos_token"] = true,
            ["add_eos_token"] = false,
            ["added_tokens_decoder"] = new Dictionary<string, object>
            {
                ["0"] = Special("<unk>"),
                ["1"] = Special("<s>"),
                ["2"] = Special("</s>"),
                [pieceCount.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Special("<image>"),
                [(pieceCount + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)] = Special("<pad>"),
            },
            ["bos_token"] = "<s>",
            ["clean_up_tokenization_spaces"] = false,
            ["eos_token"] = "</s>",
            ["model_max_length"] = 4096,
            ["pad_token"] = "<pad>",
            ["padding_side"] = "left",
            ["processor_class"] = "LlavaProcessor",
            ["sp_model_kwargs"] = new Dictionary<string, object>(),
            ["tokenizer_class"] = "LlamaTokenizer",
            ["unk_token"] = "<unk>",
        };
        File.WriteAllText(Path.Combine(directory, "tokenizer_config.json"), JsonSerializer.Serialize(config, indented));
    }
}
