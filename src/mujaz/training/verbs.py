"""Learn perfect -> imperfect verb pairs from news corpora (the headline's present tense).

A news story opens on a perfect verb (``أعلن``، ``وقعت``، ``قال``); its editor's headline
puts the verb in the present (``يعلن``، ``توقع``، ``يقول``). Undiacritized Arabic does not
say which imperfect a perfect has (``قال`` -> ``يقول``, ``باع`` -> ``يبيع``, ``أكد`` ->
``يؤكد``, ``دعا`` -> ``يدعو``), so the pairs are learned, not derived:

1. the perfect candidates are the words that open body sentences (after a dateline or
   filler) and occur there at least ``--min-openings`` times, whose feminine perfect
   (``أعلن`` -> ``أعلنت``, ``دعا`` -> ``دعت``) the corpora also hold (a noun such as
   ``أكثر`` or ``أمين`` has none);
2. each candidate's possible imperfects are spelled by the pattern rules of the verb
   forms (:func:`imperfect_candidates`: sound, hollow, defective, forms II-X, a hamza
   that becomes ``ؤ``);
3. the imperfect kept is the candidate the corpora use most (bodies and titles), when
   it occurs at least ``--min-imperfect`` times and its feminine (``ت`` for ``ي``) occurs
   too. How often a headline has the imperfect while its body opens on the perfect is
   recorded as the pair's title evidence.

Every pair tells a headline that a word is a verb (so it does not open a headline cut
from mid-sentence); only pairs the headlines confirm (:data:`MIN_TITLE_EVIDENCE`,
:data:`MIN_TITLE_SHARE`) are used to rewrite a verb into the present, so a perfect that
news mostly uses in the passive (``قُتل``) is never turned into an active present.

The pairs are shipped in ``mujaz/data/verbs-ar.json`` (:mod:`mujaz.headline.verbs` reads
them). Run ``make train`` or ``python -m mujaz.training verbs DATA.jsonl ... --out FILE``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Iterable

from mujaz.charset import DIACRITICS, TATWEEL
from mujaz.compress import core_span
from mujaz.errors import MujazError
from mujaz.evaluation.data import read_records
from mujaz.evaluation.gate import file_sha256
from mujaz.segment import segment

__all__ = ["imperfect_candidates", "feminine_perfect", "learn_pairs", "plain", "main", "VERBS_VERSION"]

VERBS_VERSION = "verbs.v1"
# Words of the opening sentences: verb-first news sentences open on the verb.
OPENING_SENTENCES = 5
_MARKS = re.compile(f"[{DIACRITICS}{TATWEEL}]")
_ARABIC_WORD = re.compile(r"^[\u0621-\u064a]{2,8}$")
# أُصيب، أُقيل، أُعيد: the passive of a hollow form IV verb; its "imperfect" would make the
# one it happened to into the one who did it.
_PASSIVE_IV = re.compile(r"^[أإا].ي.$")
# A verb's feminine perfect must occur this often (a noun such as أكثر has none).
MIN_FEMININE = 2
# Headlines must confirm a pair before a headline is rewritten with it: at least this many
# headlines with the imperfect over a body opening on the perfect, and this share of the
# bodies that open on it. A perfect that news uses mostly in the passive (قُتل، لقي مصرعه)
# fails it: its editors do not write the imperfect.
MIN_TITLE_EVIDENCE = 2
MIN_TITLE_SHARE = 0.1


def plain(word: str) -> str:
    """``word`` without diacritics and tatweel (the spelling pairs are stored in)."""
    return _MARKS.sub("", word)


def feminine_perfect(perfect: str) -> str:
    """The third-person feminine perfect of a masculine one (``أعلن`` -> ``أعلنت``,
    ``دعا`` -> ``دعت``, ``ألقى`` -> ``ألقت``)."""
    return (perfect[:-1] if perfect[-1] in "اى" else perfect) + "ت"


def imperfect_candidates(perfect: str) -> list[str]:
    """Possible third-person masculine imperfects of a masculine perfect, by verb pattern.

    Sound (``حذر`` -> ``يحذر``), hollow (``قال`` -> ``يقول``/``يقيل``/``يقال``),
    defective (``دعا`` -> ``يدعو``, ``نفى`` -> ``ينفي``), forms II/III and V/VI
    (``هاجم`` -> ``يهاجم``, ``تحدث`` -> ``يتحدث``), forms IV, VII, VIII, X (``أعلن`` ->
    ``يعلن``, ``انسحب`` -> ``ينسحب``, ``اتهم`` -> ``يتهم``, ``استقبل`` -> ``يستقبل``) and a
    first hamza that the imperfect writes ``ؤ`` (``أكد`` -> ``يؤكد``).
    """
    p = perfect
    out = ["ي" + p]
    if p[0] in "أإا":
        if len(p) == 4 and p[2] == "ا":  # hollow form IV: أعاد -> يعيد (not the passive يعاد)
            out += ["ي" + p[1] + "ي" + p[3]]
        else:
            out += ["ي" + p[1:], "يؤ" + p[1:], "يأ" + p[1:]]
        if p[-1] in "ىا":
            out += ["ي" + p[1:-1] + "ي", "يؤ" + p[1:-1] + "ي"]
    if len(p) == 3 and p[1] == "ا":
        out += ["ي" + p[0] + "و" + p[2], "ي" + p[0] + "ي" + p[2], "ي" + p[0] + "ا" + p[2]]
    if p[-1] in "ىاي":
        out += ["ي" + p[:-1] + "ي", "ي" + p[:-1] + "و", "ي" + p[:-1] + "ى"]
    return list(dict.fromkeys(w for w in out if w != p))


def _opening_words(text: str) -> Iterable[str]:
    article = segment(text, clauses=False)
    for index in range(min(OPENING_SENTENCES, len(article.sentences))):
        core = core_span(article, index)
        first = article.text[core.start : core.end].split(maxsplit=1)
        if first:
            yield plain(first[0]).strip("\"'«»“”()")


def learn_pairs(records: Iterable[tuple[str, str | None]], *, min_openings: int = 3,
                min_imperfect: int = 3) -> list[dict[str, object]]:
    """The perfect -> imperfect pairs of ``records`` (article text, headline or ``None``).

    Returns one dict per pair (``perfect``, ``imperfect``, ``openings``: how many body
    sentences open on the perfect, ``uses``: how often the corpora write the imperfect,
    ``titles``: how many headlines have the imperfect (either gender) while their body
    opens on the perfect), sorted by the perfect.
    """
    words: Counter[str] = Counter()
    openings: Counter[str] = Counter()
    per_article: list[tuple[set[str], set[str]]] = []
    for text, title in records:
        words.update(plain(w) for w in re.findall(r"[^\s\"'«»“”().,:;!?؟،؛]+", text))
        opened = set(_opening_words(text))
        openings.update(opened)
        title_words = set()
        if title:
            title_words = {plain(w) for w in re.findall(r"[^\s\"'«»“”().,:;!?؟،؛]+", title)}
            words.update(title_words)
        per_article.append((opened, title_words))
    pairs: dict[str, dict[str, object]] = {}
    for perfect, n in openings.items():
        if n < min_openings or not _ARABIC_WORD.match(perfect) or perfect.startswith(("ال", "و", "ف")):
            continue
        if _PASSIVE_IV.match(perfect) or words[feminine_perfect(perfect)] < MIN_FEMININE:
            continue
        scored = [(words[c], c) for c in imperfect_candidates(perfect)
                  if words[c] >= min_imperfect and words["ت" + c[1:]] > 0]
        if not scored:
            continue
        uses, imperfect = max(scored)
        pairs[perfect] = {"perfect": perfect, "imperfect": imperfect, "openings": n, "uses": uses, "titles": 0}
    feminine = {feminine_perfect(p): p for p in pairs}
    for opened, title_words in per_article:
        for word in opened:
            masculine = word if word in pairs else feminine.get(word)
            if masculine is not None:
                imperfect = str(pairs[masculine]["imperfect"])
                if imperfect in title_words or "ت" + imperfect[1:] in title_words:
                    pairs[masculine]["titles"] = int(pairs[masculine]["titles"]) + 1  # type: ignore[call-overload]
    return [pairs[p] for p in sorted(pairs)]


def main(argv: list[str] | None = None) -> int:
    """``python -m mujaz.training verbs``: learn the verb pairs and write them."""
    parser = argparse.ArgumentParser(prog="python -m mujaz.training verbs", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", nargs="+", help="JSONL corpora (e.g. ../shared/data/ant-multi-dev.jsonl)")
    parser.add_argument("--out", required=True, help="where to write the verbs JSON")
    parser.add_argument("--min-openings", type=int, default=3)
    parser.add_argument("--min-imperfect", type=int, default=3)
    args = parser.parse_args(argv)
    if args.min_openings < 1 or args.min_imperfect < 1:
        parser.error("--min-openings and --min-imperfect must be at least 1")
    started = time.perf_counter()
    try:
        records = [(r.text, r.title or None) for path in args.data for r in read_records(path)]
    except MujazError as exc:
        print(f"mujaz.training verbs: error: {exc}", file=sys.stderr)
        return 1
    pairs = learn_pairs(records, min_openings=args.min_openings, min_imperfect=args.min_imperfect)
    report = {
        "version": VERBS_VERSION,
        "verbs": pairs,
        "trained_on": [{"data": Path(p).name, "sha256": file_sha256(p)} for p in args.data],
        "settings": {"min_openings": args.min_openings, "min_imperfect": args.min_imperfect,
                     "min_title_evidence": MIN_TITLE_EVIDENCE, "min_title_share": MIN_TITLE_SHARE},
    }
    Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    attested = sum(1 for p in pairs if int(p["titles"]) > 0)  # type: ignore[call-overload]
    print(f"{len(pairs)} verb pairs ({attested} seen in a headline) from {len(records)} records, written to "
          f"{args.out} in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    return 0
