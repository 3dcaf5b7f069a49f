// Builds a SentencePiece tokenizer.model (ModelProto) with LLaMA-1/2's real 32000-piece vocabulary from the npm package
// llama-tokenizer-js@1.2.2, which carries that vocabulary and Hugging Face's merge list (no weights, no network).
//
//   npm install --prefix /tmp/llamajs llama-tokenizer-js@1.2.2
//   node llama-js-to-model.mjs /tmp/llamajs/node_modules/llama-tokenizer-js/llama-tokenizer.js ../llama/tokenizer.model
//
// Scores: SentencePiece's BPE merges, at each step, the adjacent pair whose concatenation is the highest-scoring
// piece. Hugging Face's LlamaConverter wrote its merge list in that score order, so a piece's score here is minus the
// rank of the first merge that produces it; pieces no merge produces (single characters, bytes, controls) score 0,
// which SentencePiece never compares. Ids, piece types and the normalizer follow LLaMA's own tokenizer.model:
// 0 <unk> (UNKNOWN), 1 <s> and 2 </s> (CONTROL), 3-258 <0x00>-<0xFF> (BYTE), the rest NORMAL; model_type BPE,
// byte_fallback, split_digits, identity normalization with add_dummy_prefix and no whitespace collapsing.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [packageFile, outFile] = process.argv.slice(2);
if (!packageFile || !outFile) throw new Error('usage: node llama-js-to-model.mjs <llama-tokenizer.js> <tokenizer.model>');
const { default: tokenizer } = await import(pathToFileURL(packageFile).href);

const vocab = tokenizer.vocabById;
if (vocab.length !== 32000) throw new Error(`expected 32000 pieces, got ${vocab.length}`);

// tokenizer.merges maps "left right" to a priority that grows with the merge's position in the list.
const firstMergeRank = new Map();
for (const [pair, priority] of tokenizer.merges) {
  const merged = pair.replace(' ', '');
  if (!firstMergeRank.has(merged) || priority < firstMergeRank.get(merged)) firstMergeRank.set(merged, priority);
}

// --- protobuf wire format: just what ModelProto needs ---
const bytes = [];
const varint = (out, v) => { v = BigInt.asUintN(64, BigInt(v)); do { let b = Number(v & 0x7fn); v >>= 7n; if (v) b |= 0x80; out.push(b); } while (v); };
const tag = (out, field, wire) => varint(out, (field << 3) | wire);
const int = (out, field, v) => { tag(out, field, 0); varint(out, v); };
const bool = (out, field, v) => int(out, field, v ? 1 : 0);
const float = (out, field, v) => { tag(out, field, 5); const b = Buffer.alloc(4); b.writeFloatLE(v); out.push(...b); };
const lengthDelimited = (out, field, payload) => { tag(out, field, 2); varint(out, payload.length); for (const b of payload) out.push(b); };
const string = (out, field, s) => lengthDelimited(out, field, [...Buffer.from(s, 'utf8')]);

const NORMAL = 1, UNKNOWN = 2, CONTROL = 3, BYTE = 6;
const typeOf = id => id === 0 ? UNKNOWN : id <= 2 ? CONTROL : id <= 258 ? BYTE : NORMAL;
let merged = 0;
vocab.forEach((piece, id) => {
  const type = typeOf(id);
  if (type === BYTE && piece !== `<0x${(id - 3).toString(16).toUpperCase().padStart(2, '0')}>`) throw new Error(`id ${id} is ${piece}, not a byte piece`);
  const rank = type === NORMAL ? firstMergeRank.get(piece) : undefined;
  if (rank !== undefined) merged++;
  const message = [];
  string(message, 1, piece);                 // piece
  float(message, 2, rank === undefined ? 0 : -rank); // score
  int(message, 3, type);                     // type
  lengthDelimited(bytes, 1, message);        // ModelProto.pieces
});

const trainer = [];
int(trainer, 3, 2);            // model_type = BPE
int(trainer, 4, vocab.length); // vocab_size
bool(trainer, 25, true);       // split_digits
bool(trainer, 35, true);       // byte_fallback
int(trainer, 40, 0);           // unk_id
int(trainer, 41, 1);           // bos_id
int(trainer, 42, 2);           // eos_id
int(trainer, 43, -1);          // pad_id (none, as in LLaMA)
lengthDelimited(bytes, 2, trainer);

const normalizer = [];
string(normalizer, 1, 'identity');
bool(normalizer, 3, true);     // add_dummy_prefix
bool(normalizer, 4, false);    // remove_extra_whitespaces
bool(normalizer, 5, true);     // escape_whitespaces
lengthDelimited(bytes, 3, normalizer);

writeFileSync(outFile, Buffer.from(bytes));
console.log(`wrote ${outFile}: ${vocab.length} pieces (${merged} produced by merges), ${bytes.length} bytes`);
