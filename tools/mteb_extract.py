#!/usr/bin/env python3
"""Extract a small, pinned subset of the MTEB results repository for `advise`.

Reads the per-model result JSON files of embeddings-benchmark/results (CC0) at one commit through
`git cat-file` (a bare clone or mirror is enough; nothing is checked out) and writes the compact JSON
resource that dev.embedlab.models.catalog.MtebExtract loads.

    python3 tools/mteb_extract.py --repo PATH_TO_RESULTS_GIT --commit SHA --out FILE

Rules (the same on every run, so the output is byte-for-byte reproducible):
- A task is read only at the split and language subset named in TASKS below; its score is the entry's
  `main_score`, checked against the metric named there (the extractor fails when they differ).
- A model may have several revision folders; per task the file with the newest `mteb_version` wins
  (ties: the lexicographically greatest folder). The model's revision is the folder most of its chosen
  scores come from; a score from another folder lists its folder under `revisionOf`.
- Parameters, dimension, max tokens, licence, open weights and training data come from that folder's
  model_meta.json, each missing field from the other folders' (greatest folder name first); null when
  unknown. The few values that contradict the model's config.json or its provider are corrected (META_CORRECTIONS),
  and the model's `corrected` field says so.
- Files in MTEB's pre-1.11 format (no `scores` object, typically under `no_revision_available`) are
  read at the same split and subset: `ndcg_at_10` as is, STS as `cos_sim.spearman`.
"""
import argparse
import json
import subprocess
import sys

MODELS = [
    # the catalog's models
    "sentence-transformers/all-MiniLM-L6-v2", "BAAI/bge-small-en-v1.5", "intfloat/e5-small-v2",
    # multilingual models teams start from
    "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2",
    "sentence-transformers/paraphrase-multilingual-mpnet-base-v2",
    "intfloat/multilingual-e5-small", "intfloat/multilingual-e5-base", "intfloat/multilingual-e5-large",
    "intfloat/multilingual-e5-large-instruct", "BAAI/bge-m3", "google/embeddinggemma-300m",
    # Korean models
    "nlpai-lab/KURE-v1", "nlpai-lab/KoE5", "jhgan/ko-sroberta-multitask", "dragonkue/BGE-m3-ko",
    "upskyy/bge-m3-korean", "dragonkue/multilingual-e5-small-ko-v2",
    # English models the guide recommends
    "sentence-transformers/all-mpnet-base-v2", "sentence-transformers/multi-qa-mpnet-base-dot-v1",
    "sentence-transformers/multi-qa-MiniLM-L6-cos-v1",
    # paid APIs
    "openai/text-embedding-3-small", "openai/text-embedding-3-large", "openai/text-embedding-ada-002",
    "google/text-embedding-004", "google/text-embedding-005", "google/gemini-embedding-001",
    "google/text-multilingual-embedding-002", "Cohere/Cohere-embed-multilingual-v3.0",
    "Cohere/Cohere-embed-multilingual-light-v3.0", "Cohere/Cohere-embed-v4.0", "voyageai/voyage-3",
    "voyageai/voyage-3-large", "voyageai/voyage-3.5", "voyageai/voyage-multilingual-2",
]

# name, language, type, split, subset, metric that main_score must equal
TASKS = [
    ("AutoRAGRetrieval", "ko", "retrieval", "test", "default", "ndcg_at_10"),
    ("Ko-StrategyQA", "ko", "retrieval", "dev", "default", "ndcg_at_10"),
    ("MIRACLRetrieval", "ko", "retrieval", "dev", "ko", "ndcg_at_10"),
    ("MIRACLRetrievalHardNegatives", "ko", "retrieval", "dev", "ko", "ndcg_at_10"),
    ("BelebeleRetrieval", "ko", "retrieval", "test", "kor_Hang-kor_Hang", "ndcg_at_10"),
    ("XPQARetrieval", "ko", "retrieval", "test", "kor-kor", "ndcg_at_10"),
    ("MultiLongDocRetrieval", "ko", "retrieval", "test", "ko", "ndcg_at_10"),
    ("PublicHealthQA", "ko", "retrieval", "test", "korean", "ndcg_at_10"),
    ("MrTidyRetrieval", "ko", "retrieval", "test", "korean", "ndcg_at_10"),
    ("SQuADKorV1Retrieval", "ko", "retrieval", "test", "default", "ndcg_at_10"),
    ("LawIRKo", "ko", "retrieval", "test", "default", "ndcg_at_10"),
    ("KLUE-STS", "ko", "sts", "validation", "default", "cosine_spearman"),
    ("KorSTS", "ko", "sts", "test", "default", "cosine_spearman"),
    ("STS17", "ko", "sts", "test", "ko-ko", "cosine_spearman"),
    ("SciFact", "en", "retrieval", "test", "default", "ndcg_at_10"),
    ("NFCorpus", "en", "retrieval", "test", "default", "ndcg_at_10"),
    ("ArguAna", "en", "retrieval", "test", "default", "ndcg_at_10"),
    ("FiQA2018", "en", "retrieval", "test", "default", "ndcg_at_10"),
    ("SCIDOCS", "en", "retrieval", "test", "default", "ndcg_at_10"),
    ("TRECCOVID", "en", "retrieval", "test", "default", "ndcg_at_10"),
    ("STSBenchmark", "en", "sts", "test", "default", "cosine_spearman"),
    ("SICK-R", "en", "sts", "test", "default", "cosine_spearman"),
    ("BIOSSES", "en", "sts", "test", "default", "cosine_spearman"),
    ("STS12", "en", "sts", "test", "default", "cosine_spearman"),
    ("STS13", "en", "sts", "test", "default", "cosine_spearman"),
    ("STS14", "en", "sts", "test", "default", "cosine_spearman"),
    ("STS15", "en", "sts", "test", "default", "cosine_spearman"),
    ("STS16", "en", "sts", "test", "default", "cosine_spearman"),
]
# The same-language subset of a cross-lingual task; a score elsewhere would not be this language's.
# MTEB tags Korean as kor-Hang or kor-Kore depending on the task.
LANGUAGE_PREFIX = {"ko": "kor-", "en": "eng-"}
# model_meta.json values that contradict the model's own config.json or its provider, with the reason.
META_CORRECTIONS = {
    "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2": {
        "dim": (384, "config.json hidden_size 384 (MiniLM-L12-H384); model_meta.json says 768")},
    "BAAI/bge-small-en-v1.5": {
        "dim": (384, "config.json hidden_size 384; model_meta.json of revision 5c38ec7c says 512")},
    "Cohere/Cohere-embed-multilingual-v3.0": {
        "openWeights": (False, "served only by Cohere's API; the 'external' folder's model_meta.json says true")},
    "Cohere/Cohere-embed-multilingual-light-v3.0": {
        "openWeights": (False, "served only by Cohere's API; the 'external' folder's model_meta.json says true")},
}


class Repo:
    def __init__(self, path, commit):
        self.path, self.commit = path, commit
        self.proc = subprocess.Popen(["git", "-C", path, "cat-file", "--batch"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def ls(self, tree):
        out = subprocess.run(["git", "-C", self.path, "ls-tree", "--name-only", self.commit + ":" + tree],
                             capture_output=True, text=True)
        return sorted(out.stdout.split()) if out.returncode == 0 else []

    def read(self, path):
        self.proc.stdin.write((self.commit + ":" + path + "\n").encode())
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().split()
        if len(header) < 3:  # "missing": absent, or a large file this copy lacks
            return None
        data = self.proc.stdout.read(int(header[2]))
        self.proc.stdout.read(1)
        return json.loads(data)


def version_key(v):
    parts = []
    for p in (v or "0").split("."):
        digits = "".join(c for c in p if c.isdigit())
        parts.append(int(digits) if digits else 0)
    return parts


def find_score(doc, task, path):
    name, lang, _, split, subset, metric = task
    scores = doc.get("scores")
    if not isinstance(scores, dict):
        return old_format_score(doc, task)
    for entry in scores.get(split) or []:
        langs = entry.get("languages") or []
        if entry.get("hf_subset") != subset or any(not l.startswith(LANGUAGE_PREFIX[lang]) for l in langs):
            continue
        main = entry["main_score"]
        if metric in entry and entry[metric] != main:
            sys.exit(f"{path}: main_score {main} != {metric} {entry[metric]}; expected {name}'s main metric")
        return main
    return None


def old_format_score(doc, task):
    """MTEB before 1.11: {split: {metric...}} or {split: {subset: {metric...}}}; STS as cos_sim.spearman."""
    _, _, _, split, subset, metric = task
    entry = doc.get(split)
    if not isinstance(entry, dict):
        return None
    if subset != "default":
        entry = entry.get(subset)
        if not isinstance(entry, dict):
            return None
    if metric == "cosine_spearman":
        return (entry.get("cos_sim") or {}).get("spearman")
    return entry.get(metric)


def meta_of(repo, model_dir, preferred, revisions):
    """Each field from the first folder that gives it: the preferred one, then the others, newest name first."""
    merged = {}
    for rev in [preferred] + sorted((r for r in revisions if r != preferred), reverse=True):
        meta = repo.read(f"results/{model_dir}/{rev}/model_meta.json") or {}
        for k, v in meta.items():
            if merged.get(k) is None:
                merged[k] = v
    return merged


def as_int(v):
    return None if v is None else int(v)


def extract(repo, commit, command):
    models, missing = [], []
    for name in MODELS:
        model_dir = name.replace("/", "__")
        revisions = repo.ls(f"results/{model_dir}")
        if not revisions:
            missing.append({"model": name, "reason": "no folder results/" + model_dir})
            continue
        chosen = {}
        for task in TASKS:
            best = None
            for rev in revisions:
                path = f"results/{model_dir}/{rev}/{task[0]}.json"
                doc = repo.read(path)
                if doc is None:
                    continue
                score = find_score(doc, task, path)
                if score is None:
                    continue
                key = (version_key(doc.get("mteb_version")), rev)
                if best is None or key > best[0]:
                    best = (key, rev, score)
            if best is not None:
                chosen[task[0]] = (best[1], best[2])
        if not chosen:
            missing.append({"model": name, "reason": "none of the selected tasks at their split and subset"})
            continue
        counts = {}
        for rev, _ in chosen.values():
            counts[rev] = counts.get(rev, 0) + 1
        revision = sorted(counts, key=lambda r: (-counts[r], r))[0]
        meta = meta_of(repo, model_dir, revision, revisions)
        trained = set(meta.get("training_datasets") or [])
        fixes = META_CORRECTIONS.get(name, {})
        model = {
            "name": name,
            "revision": revision,
            "params": as_int(meta.get("n_parameters")),
            "dim": as_int(meta.get("embed_dim") if not isinstance(meta.get("embed_dim"), list) else max(meta["embed_dim"])),
            "maxTokens": as_int(meta.get("max_tokens")),
            "openWeights": meta.get("open_weights"),
            "license": meta.get("license"),
            "trainedOn": sorted(t for t in chosen if t in trained),
            "scores": {t[0]: chosen[t[0]][1] for t in TASKS if t[0] in chosen},
            "revisionOf": {t[0]: chosen[t[0]][0] for t in TASKS if t[0] in chosen and chosen[t[0]][0] != revision},
        }
        for field, (value, reason) in fixes.items():
            model[field] = value
        if fixes:
            model["corrected"] = {field: reason for field, (_, reason) in fixes.items()}
        models.append(model)
    header = {
        "source": "https://github.com/embeddings-benchmark/results",
        "commit": commit,
        "licence": "CC0-1.0",
        "command": command,
        "scoreRule": ("main_score of the task's split and language subset (pre-1.11 files: ndcg_at_10, or"
                      " cos_sim.spearman for STS); the newest mteb_version among a model's revision folders"),
    }
    tasks = [{"name": t[0], "language": t[1], "type": t[2], "split": t[3], "subset": t[4], "metric": t[5]}
             for t in TASKS]
    return header, tasks, models, missing


def write(out, header, tasks, models, missing):
    dump = lambda o: json.dumps(o, ensure_ascii=False, separators=(",", ":"))
    lines = ["{"]
    lines.append(' "header":' + json.dumps(header, ensure_ascii=False, indent=None) + ",")
    lines.append(' "tasks":[')
    lines.append(",\n".join("  " + dump(t) for t in tasks))
    lines.append(" ],")
    lines.append(' "models":[')
    lines.append(",\n".join("  " + dump(m) for m in models))
    lines.append(" ],")
    lines.append(' "notFound":[')
    lines.append(",\n".join("  " + dump(m) for m in missing))
    lines.append(" ]")
    lines.append("}")
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--repo", required=True, help="a clone or mirror of embeddings-benchmark/results")
    p.add_argument("--commit", required=True, help="the full commit sha to read")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    commit = subprocess.run(["git", "-C", a.repo, "rev-parse", "--verify", a.commit + "^{commit}"],
                            capture_output=True, text=True)
    if commit.returncode != 0:
        sys.exit(f"--commit {a.commit}: not a commit of {a.repo}: {commit.stderr.strip()}")
    sha = commit.stdout.strip()
    command = ("python3 tools/mteb_extract.py --repo <clone of embeddings-benchmark/results> --commit " + sha
               + " --out models/src/main/resources/dev/embedlab/models/catalog/mteb-extract.json")
    header, tasks, models, missing = extract(Repo(a.repo, sha), sha, command)
    write(a.out, header, tasks, models, missing)
    print(f"{len(models)} models, {sum(len(m['scores']) for m in models)} scores, {len(missing)} not found -> {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
