namespace LoRASculpt.Training.Tokenization;

/// <summary>Loads the tokenizer a base-model checkpoint directory ships.</summary>
public static class TextTokenizers
{
    /// <summary>
    /// The tokenizer of a Hugging Face LLaVA-1.5 checkpoint directory: LLaMA's SentencePiece <c>tokenizer.model</c>
    /// with the added tokens of llava-hf's JSON files, when present.
    /// </summary>
    /// <exception cref="FileNotFoundException"><c>tokenizer.model</c> is missing (the message names it).</exception>
    /// <exception cref="InvalidDataException"><c>tokenizer.model</c> or an added-tokens file cannot be read (the message names it).</exception>
    public static ITextTokenizer Load(string directory) => LlamaSentencePieceTokenizer.Load(directory);
}
