namespace LoRASculpt.Training.Tokenization;

/// <summary>Special tokens with fixed ids 0-4, ahead of every ordinary word.</summary>
public static class SpecialTokens
{
    public const string Pad = "<pad>";
    public const string Bos = "<bos>";
    public const string Eos = "<eos>";
    public const string Image = "<image>";
    public const string Unknown = "<unk>";

    public const int PadId = 0;
    public const int BosId = 1;
    public const int EosId = 2;
    public const int ImageId = 3;
    public const int UnknownId = 4;

    public static IReadOnlyList<string> All { get; } = [Pad, Bos, Eos, Image, Unknown];
}
