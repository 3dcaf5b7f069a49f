using System.Buffers.Binary;
using System.Text;

namespace LoRASculpt.TestSupport.Checkpoints;

/// <summary>
/// A tiny Hugging Face checkpoint directory in the real on-disk layout of llava-hf/llava-1.5-7b-hf: config, two
/// safetensors shards with their index, tokenizer and processor files, plus what an upload must leave out (a PyTorch
/// .bin and a README). The shards are valid safetensors files (u64 header length, JSON header, little-endian F32 data).
/// </summary>
public static class TinyCheckpoint
{
    /// <summary>What an upload copies, in ordinal order.</summary>
    public static readonly string[] ModelFiles =
    [
        "config.json", "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors", "model.safetensors.index.json",
        "preprocessor_config.json", "special_tokens_map.json", "tokenizer.model", "tokenizer_config.json",
    ];

    public static string Write(string directory, float seed = 1f)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "config.json"),
            """{"architectures":["LlavaForConditionalGeneration"],"model_type":"llava","image_token_index":32000,"text_config":{"model_type":"llama","hidden_size":4},"vision_config":{"model_type":"clip_vision_model","hidden_size":4}}""");
        File.WriteAllBytes(Path.Combine(directory, "model-00001-of-00002.safetensors"), Safetensors("language_model.model.norm.weight", [seed, 2, 3, 4]));
        File.WriteAllBytes(Path.Combine(directory, "model-00002-of-00002.safetensors"), Safetensors("multi_modal_projector.linear_1.bias", [seed, -1, 0.5f, 8]));
        File.WriteAllText(Path.Combine(directory, "model.safetensors.index.json"),
            """{"metadata":{"total_size":32},"weight_map":{"language_model.model.norm.weight":"model-00001-of-00002.safetensors","multi_modal_projector.linear_1.bias":"model-00002-of-00002.safetensors"}}""");
        File.WriteAllText(Path.Combine(directory, "preprocessor_config.json"), """{"crop_size":{"height":336,"width":336},"image_processor_type":"CLIPImageProcessor"}""");
        File.WriteAllText(Path.Combine(directory, "special_tokens_map.json"), """{"bos_token":"<s>","eos_token":"</s>","unk_token":"<unk>"}""");
        File.WriteAllBytes(Path.Combine(directory, "tokenizer.model"), [0x0a, 0x0b, 0x0a, 0x05, 0x3c, 0x75, 0x6e, 0x6b, 0x3e]);
        File.WriteAllText(Path.Combine(directory, "tokenizer_config.json"), """{"add_bos_token":true,"model_max_length":4096,"tokenizer_class":"LlamaTokenizer"}""");
        File.WriteAllBytes(Path.Combine(directory, "pytorch_model.bin"), [0x50, 0x4b, 0x03, 0x04]);
        File.WriteAllText(Path.Combine(directory, "README.md"), "# tiny llava\n");
        return directory;
    }

    public static long ModelBytes(string directory) => ModelFiles.Sum(f => new FileInfo(Path.Combine(directory, f)).Length);

    private static byte[] Safetensors(string tensor, float[] values)
    {
        var header = Encoding.UTF8.GetBytes($$$"""{"{{{tensor}}}":{"dtype":"F32","shape":[{{{values.Length}}}],"data_offsets":[0,{{{values.Length * 4}}}]}}""");
        var padded = (header.Length + 7) / 8 * 8; // the format pads the header with spaces to 8-byte alignment
        var bytes = new byte[8 + padded + values.Length * 4];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)padded);
        header.CopyTo(bytes, 8);
        bytes.AsSpan(8 + header.Length, padded - header.Length).Fill((byte)' ');
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(8 + padded + i * 4), values[i]);
        return bytes;
    }
}
