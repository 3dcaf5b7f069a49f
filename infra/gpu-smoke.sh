#!/usr/bin/env bash
# GPU smoke test for a machine that has the weights and an NVIDIA GPU (none of which CI has).
#
#   infra/gpu-smoke.sh MODEL_DIR SUITE_FILE TARGET [IMAGE]
#
# MODEL_DIR   a Hugging Face LLaVA-1.5 checkpoint directory, e.g. ~/models/llava-1.5-7b-hf
# SUITE_FILE  an evaluation suite (docs/suites.md) whose TARGET has a training file
# IMAGE       any PNG/JPEG for the generate check (default: the first PNG/JPEG under the suite's folder)
#
# It builds the CUDA flavour, checks the checkpoint without loading it, answers one question on the GPU, and runs
# 10 LoRASculpt steps + evaluation of 16 items per dataset on cuda:0 in bf16 with gradient checkpointing. Every step
# prints its time; any failure stops the script with that step's exit code.
set -euo pipefail
cd "$(dirname "$0")/.."

model=${1:?usage: infra/gpu-smoke.sh MODEL_DIR SUITE_FILE TARGET [IMAGE]}
suite=${2:?usage: infra/gpu-smoke.sh MODEL_DIR SUITE_FILE TARGET [IMAGE]}
target=${3:?usage: infra/gpu-smoke.sh MODEL_DIR SUITE_FILE TARGET [IMAGE]}
image=${4:-$(find "$(dirname "$suite")" -type f \( -iname '*.png' -o -iname '*.jpg' -o -iname '*.jpeg' \) -print -quit)}
[ -n "$image" ] || { echo "no image found next to $suite: pass one as the 4th argument" >&2; exit 2; }

command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader

step() { local name=$1; shift; echo "== $name"; local start=$SECONDS; "$@"; echo "== $name: ok in $((SECONDS - start)) s"; }

step "build (CUDA)" dotnet build src/LoRASculpt.Cli -c Release -p:TorchBackend=cuda -v quiet
cli=(dotnet src/LoRASculpt.Cli/bin/Release/net10.0/lorasculpt.dll)
step "model inspect" "${cli[@]}" model inspect "$model"
step "generate on cuda:0" "${cli[@]}" generate --model "$model" --image "$image" \
  --prompt "What is shown in this image?" --max-new-tokens 32 --precision bf16 --device cuda:0
step "train 10 steps on cuda:0" "${cli[@]}" train --method lorasculpt --model "$model" --suite "$suite" --target "$target" \
  --device cuda:0 --skip-base-eval --steps 10 --prune_step 5 --batch_size 4 --rank 32 --lora_alpha 64 --lr 2e-4 \
  --precision bf16 --gradient_checkpointing true --eval_samples 16 --train_samples 64
