using System.Text;
using LoRASculpt.Training.Tokenization;

namespace LoRASculpt.Training.Tests.Conversations;

/// <summary>
/// A SentencePiece-shaped fake for hand-checkable ids: one id per ASCII character (its code), a space and the
/// leading-space marker are both 32, and each piece of text gets one marker in front, like SentencePiece's dummy
/// prefix. "&lt;image&gt;", "&lt;/s&gt;" and "&lt;pad&gt;" map to their ids, and text after them starts a new piece
/// (LLaMA's legacy tokenizer). Specials: pad 0, BOS 1, EOS 2, image 3, unknown 4.
/// <para>With <paramref name="dropsTrailingSpace"/> a piece's trailing spaces make no token, as in tokenizers
/// that do not turn a final space into "▁": the case LLaVA's "-2" arithmetic gets wrong.</para>
/// </summary>
internal sealed class CharTokenizer(bool dropsTrailingSpace = false) : ITextTokenizer
{
    public const int Marker = ' ';

    private static readonly (string Text, int Id)[] Specials = [("<image>", 3), ("</s>", 2), ("<pad>", 0)];

    public int VocabSize => 128;

    public int BosId => 1;

    public int EosId => 2;

    public int PadId => 0;

    public int ImageId => 3;

    public int UnknownId => 4;

    public int[] Encode(string text)
    {
        var ids = new List<int>();
        var piece = new StringBuilder();
        for (var i = 0; i < text.Length;)
        {
            var special = Specials.FirstOrDefault(s => string.CompareOrdinal(text, i, s.Text, 0, s.Text.Length) == 0);
            if (special.Text is not null)
            {
                EncodePiece(piece.ToString(), ids);
                piece.Clear();
                ids.Add(special.Id);
                i += special.Text.Length;
            }
            else
            {
                piece.Append(text[i++]);
            }
        }
        EncodePiece(piece.ToString(), ids);
        return ids.ToArray();
    }

    public string Decode(IEnumerable<int> ids)
    {
        var text = new StringBuilder();
        foreach (var id in ids)
        {
            if (id == EosId) break;
            if (id > UnknownId) text.Append((char)id);
        }
        return text.ToString().TrimStart();
    }

    private void EncodePiece(string piece, List<int> ids)
    {
        if (dropsTrailingSpace) piece = piece.TrimEnd(' ');
        if (piece.Length == 0) return;
        ids.Add(Marker);
        ids.AddRange(piece.Select(c => c < 128 && (c >= ' ' || c == '\n') ? c : UnknownId));
    }
}
