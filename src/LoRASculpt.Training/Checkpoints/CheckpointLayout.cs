namespace LoRASculpt.Training.Checkpoints;

/// <summary>How a checkpoint names LLaVA-1.5's tensors. Our model uses <see cref="LlavaHf"/>'s names.</summary>
public enum CheckpointLayout
{
    /// <summary>llava-hf/llava-1.5-7b-hf as saved by transformers before 4.52: "language_model.model.*", "vision_tower.*", "multi_modal_projector.*".</summary>
    LlavaHf,

    /// <summary>transformers 4.52 and later: "model.language_model.*", "model.vision_tower.*", "model.multi_modal_projector.*", "lm_head.*".</summary>
    Transformers,

    /// <summary>liuhaotian/llava-v1.5-7b: "model.layers.*", "model.mm_projector.0/2.*", "lm_head.*"; its CLIP tower comes from a separate <see cref="Clip"/> directory.</summary>
    OriginalLlava,

    /// <summary>A full CLIPModel (openai/clip-vit-large-patch14-336): "vision_model.*" supplies the vision tower; the text half is ignored.</summary>
    Clip,
}
