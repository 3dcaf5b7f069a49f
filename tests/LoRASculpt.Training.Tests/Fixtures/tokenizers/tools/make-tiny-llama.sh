#!/usr/bin/env bash
# Regenerates ../tiny-llama/tokenizer.model (a 400-piece SentencePiece BPE model with LLaMA's settings) and the golden
# encodings the tests compare against. Needs Debian's `sentencepiece` package (spm_train, spm_encode; 0.1.97 made the
# committed files). Training is deterministic: the same corpus and sentencepiece version give the same bytes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../tiny-llama"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# LLaMA's trainer settings: BPE, byte fallback, digits split, dummy prefix, identity normalization (no NFKC, no
# whitespace collapsing), unk 0 / bos 1 / eos 2 / no pad.
# Relative paths: trainer_spec records them, so the model's bytes do not depend on the temp directory.
cp "$here/tiny-llama-corpus.txt" "$work/corpus.txt"
(cd "$work" && spm_train --input=corpus.txt --model_prefix=tokenizer --vocab_size=400 \
  --model_type=bpe --character_coverage=1.0 --byte_fallback=true --split_digits=true \
  --add_dummy_prefix=true --remove_extra_whitespaces=false --normalization_rule_name=identity \
  --allow_whitespace_only_pieces=true --unk_id=0 --bos_id=1 --eos_id=2 --pad_id=-1 --minloglevel=2)
cp "$work/tokenizer.model" "$out/tokenizer.model"
# One line of ids per input line, no BOS/EOS (what LlamaSentencePieceTokenizer.Encode returns).
spm_encode --model="$out/tokenizer.model" --output_format=id < "$here/tiny-llama-golden-inputs.txt" > "$out/golden-ids.txt"
spm_encode --model="$out/tokenizer.model" --output_format=piece < "$here/tiny-llama-golden-inputs.txt" > "$out/golden-pieces.txt"
echo "wrote $out/tokenizer.model ($(stat -c %s "$out/tokenizer.model") bytes) and the golden encodings"
