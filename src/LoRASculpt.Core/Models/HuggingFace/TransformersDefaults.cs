namespace LoRASculpt.Core.Models.HuggingFace;

/// <summary>
/// transformers' constructor defaults, applied to fields a config.json omits (llava-hf's text_config names only a few
/// and relies on LlamaConfig's; a CLIPConfig's vision_config relies on CLIPVisionConfig's).
/// </summary>
internal static class TransformersDefaults
{
    /// <summary>LlamaConfig.__init__ defaults (num_key_value_heads defaults to num_attention_heads; pad_token_id to None).</summary>
    public static class Llama
    {
        public const int VocabSize = 32000;
        public const int HiddenSize = 4096;
        public const int IntermediateSize = 11008;
        public const int NumHiddenLayers = 32;
        public const int NumAttentionHeads = 32;
        public const string HiddenAct = "silu";
        public const int MaxPositionEmbeddings = 2048;
        public const double RmsNormEps = 1e-6;
        public const double RopeTheta = 10000.0;
        public const int BosTokenId = 1;
        public const int EosTokenId = 2;
    }

    /// <summary>CLIPVisionConfig.__init__ defaults (ViT-B/32 sizes).</summary>
    public static class ClipVision
    {
        public const int HiddenSize = 768;
        public const int IntermediateSize = 3072;
        public const int NumHiddenLayers = 12;
        public const int NumAttentionHeads = 12;
        public const int NumChannels = 3;
        public const int ImageSize = 224;
        public const int PatchSize = 32;
        public const string HiddenAct = "quick_gelu";
        public const double LayerNormEps = 1e-5;
    }

    /// <summary>LlavaConfig.__init__ defaults.</summary>
    public static class Llava
    {
        public const int ImageTokenIndex = 32000;
        public const string ProjectorHiddenAct = "gelu";
        public const string VisionFeatureSelectStrategy = "default";
        public const int VisionFeatureLayer = -2;

        /// <summary>The CLIP ViT-L/14-336 tower LlavaConfig builds when vision_config is absent.</summary>
        public static VisionConfig DefaultVision { get; } = new(ImageSize: 336, PatchSize: 14, NumChannels: 3, HiddenSize: 1024,
            NumLayers: 24, NumHeads: 16, IntermediateSize: 4096, LayerNormEps: 1e-5, HiddenAct: "quick_gelu");
    }

    /// <summary>LLaMA's SentencePiece &lt;unk&gt; (not a LlamaConfig field; every LLaMA-1/2 tokenizer has it at 0).</summary>
    public const int LlamaUnknownTokenId = 0;

    /// <summary>The original LLaVA code's placeholder for the image in input_ids (llava/constants.py IMAGE_TOKEN_INDEX).</summary>
    public const int OriginalImageTokenIndex = -200;
}
