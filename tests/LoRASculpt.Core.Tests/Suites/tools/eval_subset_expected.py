"""Expected indices for EvalSubsetTests and SuiteDatasetLoaderTests, computed independently of the C# code.

A seeded sample ranks each id by the first 8 bytes (big-endian) of SHA-256 of "{seed}:{id}", ties by index,
keeps the lowest `count`, and returns them in file order. Run: python3 eval_subset_expected.py
"""
import hashlib


def sample(ids, count, seed):
    rank = lambda i: (int.from_bytes(hashlib.sha256(f"{seed}:{ids[i]}".encode()).digest()[:8], "big"), i)
    return sorted(sorted(range(len(ids)), key=rank)[:count])


if __name__ == "__main__":
    print("EvalSubsetTests, 10 ids q0..q9, count 4, seed 7:", sample([f"q{i}" for i in range(10)], 4, 7))
    print("EvalSubsetTests, 20 ids q0..q19, count 8, seed 7:", sample([f"q{i}" for i in range(20)], 8, 7))
    ids = ["10", "11", "12", "13", "14"]
    print("SuiteDatasetLoaderTests, ids 10..14, count 3, seed 0:", [ids[i] for i in sample(ids, 3, 0)])
