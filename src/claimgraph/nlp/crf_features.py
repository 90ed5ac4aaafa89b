"""Token features for the learned attribution tagger (shared by training and the component).

Speed is the design constraint: the component may cost only a few per cent of spaCy's own time.
So a token's features come in *groups* whose content depends on a few integer ids only: the
word form (`orth`), the parse context (lemma, tag, dep, head ...), each window neighbour's form,
the word bigram, the local context flags. Training uses `FeatureExtractor`: each group is built
once per distinct key as CRFsuite feature strings. The component uses `FeatureRows`: the same
features, as weight-row numbers per feature *slot*, from caches keyed by spaCy's integer ids and
looked up a whole document at a time with numpy (no per-token string, no per-token dict look-up);
`learned.py` sums them into bit-identical scores.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, IS_SPACE, LEMMA, LOWER, ORTH, SENT_START, TAG
from spacy.strings import hash_string
from spacy.symbols import IDS
from spacy.tokens import Doc

# Quote marks by role. Straight quotes toggle; curly ones say which side they are on. Single
# curly quotes double as apostrophes, so only a token that is exactly the mark counts.
OPEN_QUOTES = frozenset(("“", "«", "„", "‘"))
CLOSE_QUOTES = frozenset(("”", "»", "’"))
TOGGLE_QUOTES = frozenset(('"',))

WINDOW = (-2, -1, 1, 2)
_COLS = [ORTH, LOWER, LEMMA, TAG, DEP, HEAD, ENT_TYPE, IS_SPACE, SENT_START]  # HEAD unused: see doc_groups
# Child relations worth knowing about a token (a verb with a clausal complement and a subject
# is a likely cue; the subject of such a verb a likely source). "q" = a quote mark child.
KID_DEPS = ("nsubj", "nsubjpass", "ccomp", "xcomp", "dobj", "dative", "agent", "advcl",
            "parataxis", "mark", "pobj", "conj", "poss", "prep")
_QBIT = 1 << len(KID_DEPS)
KID_NAMES = KID_DEPS + ("q",)
# Cue-prior buckets that count as "a cue verb/noun" for the parse-link features.
_CUEISH = ("hi", "mid")


class FeatureExtractor:
    """Turns a parsed Doc into per-token tuples of feature-group ids.

    `cue_lexicon` maps a lowercase lemma to a prior bucket ("hi", "mid", "lo") of how often it
    is an attribution cue in the training data: it lets the parse features say "the head is a
    likely cue" for inflections and rare words the per-lemma weights do not cover.
    """

    def __init__(self, cue_lexicon: dict[str, str] | None = None) -> None:
        self.cue_lexicon = dict(cue_lexicon or {})
        self.group_feats: list[list[str]] = []  # group id -> feature strings
        self._group_ids: dict[tuple, int] = {}
        self._lex: dict[int, tuple] = {}  # orth -> (quote kind, has newline, is punct)
        self._bucket: dict[int, str] = {}  # lemma id -> cue bucket
        self._links: dict[tuple, int] = {}
        self._kid_bits: dict[int, int] = {}
        self._forms: dict[int, tuple[int, ...]] = {}  # orth -> its L and W group ids
        self._hashed: dict[int, int] = {}  # 64-bit hash of a group key -> group id
        self._subj_codes: dict[str, int] = {}
        self._link_names: list[str] = ["none", "self"]

    # -- group registry -------------------------------------------------------------------
    def _gid(self, key: tuple, strings) -> int:
        g = self._group_ids.get(key)
        if g is None:
            g = len(self.group_feats)
            self.group_feats.append(self._build(key, strings))
            self._group_ids[key] = g
        return g

    def _build(self, key: tuple, s) -> list[str]:
        kind = key[0]
        if kind == "L":  # word form
            orth = key[1]
            text = s[orth]
            low = text.lower()
            f = ["b", "w=" + low, "s3=" + low[-3:], "p2=" + low[:2]]
            if text[:1].isupper():
                f.append("upper" if text.isupper() and len(text) > 1 else "title")
            if not any(c.isalnum() for c in text):
                f.append("punct")
            if text.isdigit():
                f.append("num")
            qk = self._lexinfo(orth, s)[0]
            if qk:
                f.append(("", "qopen", "qclose", "qtoggle")[qk])
            return f
        if kind == "W":  # a window neighbour's form
            _, orth, off = key
            p = f"{off}:"
            if orth == 0:
                return [p + "pad"]
            text = s[orth]
            f = [p + "w=" + text.lower()]
            if not any(c.isalnum() for c in text):
                f.append(p + "punct")
            return f
        if kind == "B":  # word bigram (previous, this)
            return ["bg=" + s[key[1]] + "|" + s[key[2]]]
        if kind == "P":  # the token's own parse attributes
            _, lemma, tag, dep, ent, link, left, sstart = key
            d = s[dep]
            t = s[tag]
            f = ["l=" + s[lemma].lower(), "t=" + t, "d=" + d, "t|d=" + t + "|" + d,
                 "cue=" + self.bucket(lemma, s), "ent=" + (s[ent] if ent else "-"),
                 "link=" + self._link_names[link], "left" if left else "right"]
            if sstart:
                f.append("sstart")
            return f
        if kind == "H":  # the head, seen from the token's relation to it
            _, dep, hlemma, htag, hdep = key
            hl = s[hlemma].lower()
            d = s[dep]
            return ["hl=" + hl, "ht=" + s[htag], "hd=" + s[hdep], "d|hl=" + d + "|" + hl,
                    "d|hcue=" + d + "|" + self.bucket(hlemma, s)]
        if kind == "G":  # the grandparent's lemma
            return ["ggl=" + s[key[1]].lower()]
        if kind == "K":  # the token's and its head's children, subject kind, quote in sentence
            _, kids, hkids, dep, subj, sq = key
            d = s[dep]
            f = ["k=" + n for b, n in enumerate(KID_NAMES) if kids >> b & 1]
            f += ["d|hk=" + d + "|" + n for b, n in enumerate(KID_NAMES) if hkids >> b & 1]
            if subj:
                f.append("subj=" + subj)
            if sq:
                f.append("sq")
            return f
        if kind == "C":  # local context flags
            _, inq, tprev, tnext, gap, send = key
            f = ["t-1=" + (s[tprev] if tprev else "<s>"), "t+1=" + (s[tnext] if tnext else "</s>")]
            if inq:
                f.append("inq")
            if gap:
                f.append("after_break")
            if send:
                f.append("send")
            return f
        raise ValueError(key)

    def _lexinfo(self, orth: int, s) -> tuple:
        info = self._lex.get(orth)
        if info is None:
            text = s[orth]
            qk = 1 if text in OPEN_QUOTES else 2 if text in CLOSE_QUOTES else 3 if text in TOGGLE_QUOTES else 0
            info = (qk, "\n" in text)
            self._lex[orth] = info
        return info

    def bucket(self, lemma: int, s) -> str:
        b = self._bucket.get(lemma)
        if b is None:
            b = self.cue_lexicon.get(s[lemma].lower(), "no")
            self._bucket[lemma] = b
        return b

    def _link(self, dep: int, bucket: str, s) -> int:
        key = (dep, bucket)
        i = self._links.get(key)
        if i is None:
            i = len(self._link_names)
            self._link_names.append(s[dep] + ":" + bucket)
            self._links[key] = i
        return i

    # -- per document ---------------------------------------------------------------------
    def _context(self, doc: Doc) -> dict | None:
        """The per-document facts both feature paths read (token arrays, heads, cue links,
        children, quote state); None when the doc has no non-space token."""
        s = doc.vocab.strings
        n = len(doc)
        if n == 0 or all(t.is_space for t in doc):
            return None
        raw = doc.to_array(_COLS)
        arr = raw.tolist()
        orth = [r[0] for r in arr]
        lemma = [r[2] for r in arr]
        tag = [r[3] for r in arr]
        dep = [r[4] for r in arr]
        # HEAD is a relative offset stored unsigned: reinterpret it as signed
        rel = doc.to_array(HEAD).view("int64").tolist()
        head = [i + r for i, r in enumerate(rel)]
        bucket = self.bucket
        lexinfo = self._lexinfo
        cue = [bucket(l, s) in _CUEISH for l in lemma]
        links = self._cue_links(head, dep, lemma, cue, s)
        info = [lexinfo(o, s) for o in orth]
        qkind = [x[0] for x in info]
        kids, subj = self._children(head, dep, tag, qkind, [r[6] for r in arr], s)
        sent_q = self._sentence_quotes(arr, qkind)
        idx = [i for i in range(n) if not arr[i][7]]
        m = len(idx)
        # quote state, reset at line breaks (news style reopens a quote each paragraph)
        inq = []
        inside = False
        prev = -2
        for i in idx:
            if i != prev + 1 and info[i - 1][1]:
                inside = False
            prev = i
            qk = qkind[i]
            if qk == 1:
                inside = True
                inq.append(False)
            elif qk == 2:
                inside = False
                inq.append(False)
            elif qk == 3:
                inside = not inside
                inq.append(False)
            else:
                inq.append(inside)
        sst = [r[8] == 1 for r in arr]
        return dict(
            s=s, raw=raw, arr=arr, orth=orth, lemma=lemma, tag=tag, dep=dep, head=head,
            links=links, kids=kids, subj=subj, sent_q=sent_q, idx=idx, m=m, inq=inq,
            sidx=[orth[i] for i in idx] + [0, 0],  # two pads: [-1], [-2] and [m], [m+1] read 0
            stag=[tag[i] for i in idx] + [0],
            ent=[r[6] for r in arr], sst=sst,
            gap=[False] + [idx[k - 1] != idx[k] - 1 for k in range(1, m)],
            send=[sst[idx[k + 1]] for k in range(m - 1)] + [True],
        )

    def doc_groups(self, doc: Doc) -> tuple[list[int], np.ndarray]:
        """(indices of the tagged tokens, an int array of group ids, one row per token). Space
        tokens are skipped: they never carry a role and would only break spans apart."""
        c = self._context(doc)
        if c is None:
            return [], np.zeros((0, 11), dtype=np.int64)
        s, raw, orth, lemma, tag, dep, head = (c[k] for k in ("s", "raw", "orth", "lemma", "tag", "dep", "head"))
        links, kids, subj, sent_q, idx, m, inq = (c[k] for k in ("links", "kids", "subj", "sent_q", "idx", "m", "inq"))
        sidx, stag, ent, sst, gap, send = (c[k] for k in ("sidx", "stag", "ent", "sst", "gap", "send"))
        # The hot part. Each token's parse/context/bigram/children keys are hashed to one
        # 64-bit int per group with numpy, then looked up in one dict; only a key never seen
        # before (a miss) builds its tuple and feature strings (`gid`).
        gid = self._gid
        pads = [gid(("W", 0, off), s) for off in WINDOW]
        # Everything that depends on one word form alone (its own features and its features as
        # a neighbour at -2, -1, +1, +2) comes from one lookup per token.
        forms = self._forms
        ft = []
        for o in sidx[:m]:
            v = forms.get(o)
            if v is None:
                v = (gid(("L", o), s), gid(("W", o, -2), s), gid(("W", o, -1), s),
                     gid(("W", o, 1), s), gid(("W", o, 2), s))
                forms[o] = v
            ft.append(v)
        ii = np.array(idx, dtype=np.int64)
        hd = np.array(head, dtype=np.int64)
        hi = hd[ii]
        hhi = hd[hi]
        lem_a, tag_a, dep_a, ent_a, sst_a = (raw[:, c] for c in (2, 3, 4, 6, 8))
        kids_a = np.array(kids, dtype=np.uint64)
        subj_codes = self._subj_codes
        subj_a = np.array([subj_codes.setdefault(x, len(subj_codes)) for x in subj], dtype=np.uint64)
        u = np.uint64
        prev_orth = np.array(sidx[-1:] + sidx[: m - 1], dtype=np.uint64)
        cur_orth = np.array(sidx[:m], dtype=np.uint64)
        stag_a = np.array(stag, dtype=np.uint64)
        prev_tag = np.concatenate([np.zeros(1, np.uint64), stag_a[: m - 1]])
        next_tag = stag_a[1:]
        hashes = (
            _mix(1, (lem_a[ii], tag_a[ii], dep_a[ii], ent_a[ii], np.array(links, dtype=np.uint64)[ii],
                     (ii < hi).astype(u), (sst_a[ii] == 1).astype(u))),
            _mix(5, (dep_a[ii], lem_a[hi], tag_a[hi], dep_a[hi])),
            _mix(6, (lem_a[hhi],)),
            _mix(2, (np.array(inq, dtype=u), prev_tag, next_tag, np.array(gap, dtype=u),
                     np.array(send, dtype=u))),
            _mix(3, (prev_orth, cur_orth)),
            _mix(4, (kids_a[ii], np.where(hi != ii, kids_a[hi], u(0)), dep_a[ii], subj_a[ii],
                     np.array(sent_q, dtype=u)[ii])),
        )
        hmap = self._hashed
        G = np.empty((m, 11), dtype=np.int64)
        G[:, 0] = [f[0] for f in ft]
        for col, hs in enumerate(hashes, 1):
            hl = hs.tolist()
            got = [hmap.get(x) for x in hl]
            for k, v in enumerate(got):
                if v is None:
                    i = idx[k]
                    h = head[i]
                    if col == 1:
                        key = ("P", lemma[i], tag[i], dep[i], ent[i], links[i], i < h, sst[i])
                    elif col == 2:
                        key = ("H", dep[i], lemma[h], tag[h], dep[h])
                    elif col == 3:
                        key = ("G", lemma[head[h]])
                    elif col == 4:
                        key = ("C", inq[k], stag[k - 1] if k else 0, stag[k + 1], gap[k], send[k])
                    elif col == 5:
                        key = ("B", sidx[k - 1], orth[i])
                    else:
                        key = ("K", kids[i], kids[h] if h != i else 0, dep[i], subj[i], sent_q[i])
                    got[k] = hmap[hl[k]] = gid(key, s)
            G[:, col] = got
        F = np.array(ft, dtype=np.int64).reshape(m, 5)
        G[:, 7] = pads[0]
        G[2:, 7] = F[:-2, 1]
        G[:, 8] = pads[1]
        G[1:, 8] = F[:-1, 2]
        G[:, 9] = pads[2]
        G[:-1, 9] = F[1:, 3]
        G[:, 10] = pads[3]
        G[:-2, 10] = F[2:, 4]
        out = G
        return idx, out

    def doc_features(self, doc: Doc) -> tuple[list[int], list[list[str]]]:
        """Flattened feature strings per tagged token (for training and tests)."""
        idx, groups = self.doc_groups(doc)
        gf = self.group_feats
        return idx, [[f for g in gs for f in gf[g]] for gs in groups.tolist()]

    def _children(self, head, dep, tag, qkind, ent, s):
        """Bit mask of KID_DEPS relations (and quote marks) among each token's children, and the
        kind of each token's subject (entity type, PRP, or NN) when it has one."""
        n = len(head)
        kids = [0] * n
        subj = [""] * n
        bits = self._kid_bits
        for i in range(n):
            h = head[i]
            if h == i:
                continue
            d = dep[i]
            b = bits.get(d)
            if b is None:
                name = s[d]
                b = 1 << KID_DEPS.index(name) if name in KID_DEPS else 0
                b |= -1 << 40 if name in ("nsubj", "nsubjpass") else 0  # marks "subject"
                bits[d] = b
            if qkind[i]:
                kids[h] |= _QBIT
            if b:
                kids[h] |= b & ((1 << 40) - 1)
                if b < 0:
                    e = ent[i]
                    subj[h] = s[e] if e else ("PRP" if s[tag[i]] == "PRP" else "NN")
        return kids, subj

    def _sentence_quotes(self, arr, qkind) -> list[bool]:
        """Whether each token's sentence holds a quote mark."""
        out = [False] * len(arr)
        start = 0
        has = False
        for i, r in enumerate(arr):
            if r[8] == 1 and i > start:
                if has:
                    out[start:i] = [True] * (i - start)
                start, has = i, False
            if not has and qkind[i]:
                has = True
        if has:
            out[start:] = [True] * (len(arr) - start)
        return out

    def _cue_links(self, head, dep, lemma, cue, s) -> list[int]:
        """How each token hangs off its nearest cue-like ancestor: the dependency of the
        ancestor's child on the path plus the cue's prior ("ccomp:hi" inside the complement
        clause of a likely cue verb, "nsubj:hi" inside its subject); 1 for cue tokens."""
        n = len(head)
        res = [-1] * n
        for i in range(n):
            if res[i] != -1:
                continue
            path = []
            j = i
            val = 0
            while True:
                if cue[j] and path:
                    c = path[-1]
                    val = self._link(dep[c], self.bucket(lemma[j], s), s)
                    break
                path.append(j)
                h = head[j]
                if h == j or len(path) > 60:
                    break
                if res[h] != -1 and not cue[h]:
                    val = res[h]
                    break
                j = h
            for p in path:
                if res[p] == -1:
                    res[p] = 1 if cue[p] else val
        return res


_MUL = np.uint64(0xFF51AFD7ED558CCD)
_SHIFT = np.uint64(33)


def _mix(salt: int, cols) -> np.ndarray:
    """A 64-bit hash per row of the given uint64 columns (order matters), salted per group kind.
    Collisions between distinct keys are astronomically unlikely at a few million keys."""
    h = np.full(len(cols[0]), np.uint64(0x9E3779B97F4A7C15) ^ np.uint64(salt), dtype=np.uint64)
    for c in cols:
        h ^= c.astype(np.uint64, copy=False)
        h *= _MUL
        h ^= h >> _SHIFT
    return h


def _str_id(text: str) -> int:
    """The id any spaCy StringStore gives `text`: its symbol number for spaCy's own symbols
    (dependency labels, tags, some words; the empty string is 0), else its hash."""
    v = IDS.get(text)
    return hash_string(text) if v is None else v


class IdCache:
    """Rows of ints for uint64 keys, looked up for a whole array of keys at once: a sorted key
    array searched by numpy (no Python per token) pointing into an append-only table of rows.
    `make(key, position)` builds a missing entry (or `make_many(keys, positions)` all of this
    call's missing entries at once, as an array); a `static` cache (filled up front) answers
    `default` for a missing key instead."""

    def __init__(self, width: int, keys=None, vals=None, default: int = 0, static: bool = False,
                 dtype=np.int64) -> None:
        self.width = width
        self.dtype = dtype
        self.static = static
        self.default = default
        keys = np.zeros(0, np.uint64) if keys is None else np.asarray(keys, np.uint64)
        order = np.argsort(keys, kind="stable")
        self.keys = keys[order]
        self.ids = order.astype(np.int64)
        self.table = (np.zeros((64, width), dtype) if vals is None
                      else np.asarray(vals, dtype).reshape(-1, width))
        self.size = len(keys)

    def get(self, keys: np.ndarray, make=None, make_many=None) -> np.ndarray:
        n = len(self.keys)
        if n:
            pos = np.minimum(np.searchsorted(self.keys, keys), n - 1)
            ids = self.ids[pos]
            miss = np.flatnonzero(self.keys[pos] != keys)
        else:
            ids = np.zeros(len(keys), np.int64)
            miss = np.arange(len(keys))
        if not len(miss):
            return self.table[ids]
        if self.static:
            out = self.table[ids]
            out[miss] = self.default
            return out
        uniq, first, inv = np.unique(keys[miss], return_index=True, return_inverse=True)
        if make_many is not None:
            rows = make_many(uniq, miss[first])
        else:
            rows = [make(key, p) for key, p in zip(uniq.tolist(), miss[first].tolist())]
        start, k = self.size, len(rows)
        if start + k > len(self.table):
            grown = np.zeros((max(2 * len(self.table), start + k), self.width), self.dtype)
            grown[:start] = self.table[:start]
            self.table = grown
        self.table[start: start + k] = np.asarray(rows, self.dtype).reshape(k, self.width)
        self.size = start + k
        new_ids = np.arange(start, start + k, dtype=np.int64)
        at = np.searchsorted(self.keys, uniq)
        self.keys = np.insert(self.keys, at, uniq)
        self.ids = np.insert(self.ids, at, new_ids)
        ids[miss] = new_ids[inv.reshape(-1)]
        return self.table[ids]


class FeatureRows:
    """The component's fast path: for each tagged token and each feature group, the weight-row
    numbers of the group's features, as int arrays, without building per-token strings.

    A group's features are split into *slots* (one per feature the group can emit, in the order
    `FeatureExtractor._build` lists them); a slot absent for a token, or a feature the model has
    no weight for, reads `zero` (an all-zero weight row). Each slot depends on one or two
    integer ids only (a lemma, a tag, a (dep, head lemma) pair ...), so its row comes from a
    cache keyed by those ids (`IdCache`: numpy searches a sorted key array, so a document costs
    a dozen array look-ups, not a dict look-up per token and group). Only a new word, lemma or
    label builds strings, once. The pair features with many distinct values (bigram, dependency
    and head lemma) and the word features are read off the model's feature names at load time,
    keyed by spaCy's string ids (ORTH, LOWER), so a new pair or word costs no string at all.

    The caller (`AttributionTagger._emissions`) sums each group's present rows with the same
    np.add.reduceat call the group path uses, so the scores are bit-identical to it
    (`training/bench_learned_speed.py --check` compares both paths).
    """

    def __init__(self, fx: FeatureExtractor, attr: dict[str, int], zero: int) -> None:
        self.fx = fx
        self.attr = attr
        self.zero = zero
        self._forms = IdCache(18)  # orth -> L slots (8), W slots (4 x 2), quote kind, newline
        self._lemmas = IdCache(6)  # lemma -> l=, cue=, hl=, ggl=, bucket code, id of lowercase
        self._tags = IdCache(4)  # tag -> t=, ht=, t-1=, t+1=
        self._deps = IdCache(2 + len(KID_NAMES))  # dep -> d=, hd=, d|hk= per kid kind
        self._ents = IdCache(1)
        self._links = IdCache(1)
        self._td = IdCache(1)  # (tag, dep) -> t|d=
        self._dhc = IdCache(1)  # (dep, head's cue bucket) -> d|hcue=
        self._subj: dict[str, int] = {}
        self._buckets: dict[str, int] = {}
        # The two pair features with many distinct values (word bigram; dependency and head
        # lemma) are mostly unweighted: their tables hold the weighted pairs only, read off the
        # feature names up front, so a new pair costs nothing.
        self._bg = self._pair_table(attr, "bg=", 14, all_splits=True)
        self._dhl = self._pair_table(attr, "d|hl=", 12, all_splits=False)
        self._words = self._word_table(attr)
        r = self.row
        self._const = {k: r(k) for k in ("left", "right", "sstart", "inq", "after_break", "send", "sq")}
        self._kid_rows = np.array([r("k=" + n) for n in KID_NAMES], dtype=np.int64)
        self._pads = [r(f"{off}:pad") for off in WINDOW]

    def row(self, feature: str) -> int:
        return self.attr.get(feature, self.zero)

    def _word_table(self, attr: dict[str, int]) -> IdCache:
        """The lowercase word's own feature and its four window features ("w=x", "-2:w=x" ...),
        keyed by the id of the lowercase form (spaCy's LOWER), read off the feature names."""
        prefixes = ["w="] + [f"{off}:w=" for off in WINDOW]
        table: dict[int, list[int]] = {}
        for name, r in attr.items():
            for col, pre in enumerate(prefixes):
                if name.startswith(pre):
                    table.setdefault(_str_id(name[len(pre):]), [self.zero] * 5)[col] = r
        keys = np.array(list(table), dtype=np.uint64)
        return IdCache(5, keys, np.array(list(table.values()), np.int64), default=self.zero, static=True)

    def _pair_table(self, attr: dict[str, int], prefix: str, salt: int, all_splits: bool) -> IdCache:
        """Features "<prefix>A|B" keyed by the hashed string ids of A and B. A word may hold
        "|" itself, so a bigram name is entered under every split: each split that matches a
        token pair spells the very same feature."""
        a, b, rows = [], [], []
        for name, r in attr.items():
            if not name.startswith(prefix):
                continue
            body = name[len(prefix):]
            p = body.find("|")
            while p != -1:
                a.append(_str_id(body[:p]))
                b.append(_str_id(body[p + 1:]))
                rows.append(r)
                p = body.find("|", p + 1) if all_splits else -1
        keys = _mix(salt, (np.array(a, np.uint64), np.array(b, np.uint64)))
        keys, first = np.unique(keys, return_index=True)
        return IdCache(1, keys, np.array(rows, np.int64)[first], default=self.zero, static=True)

    # -- caches, one entry per distinct id ------------------------------------------------
    def _form(self, orth: int, s) -> tuple[int, ...]:
        r = self.row
        text = s[orth]
        low = text.lower()
        punct = not any(c.isalnum() for c in text)
        case = ("upper" if text.isupper() and len(text) > 1 else "title") if text[:1].isupper() else None
        qk = self.fx._lexinfo(orth, s)[0]
        # "w=" and the window words come from `_words` (by LOWER id): zero here
        out = [r("b"), self.zero, r("s3=" + low[-3:]), r("p2=" + low[:2]),
               r(case) if case else self.zero, r("punct") if punct else self.zero,
               r("num") if text.isdigit() else self.zero,
               r(("", "qopen", "qclose", "qtoggle")[qk]) if qk else self.zero]
        for off in WINDOW:
            out += [self.zero, r(f"{off}:punct") if punct else self.zero]
        return tuple(out) + (qk, "\n" in text)

    def _lemma(self, lemma: int, s) -> tuple[int, ...]:
        r = self.row
        low = s[lemma].lower()
        b = self.fx.bucket(lemma, s)
        code = self._buckets.setdefault(b, len(self._buckets))
        low_id = _str_id(low)
        return (r("l=" + low), r("cue=" + b), r("hl=" + low), r("ggl=" + low), code,
                low_id - (1 << 64) if low_id >= 1 << 63 else low_id)  # stored as int64

    def _tag(self, tag: int, s) -> tuple[int, ...]:
        r = self.row
        t = s[tag]
        return (r("t=" + t), r("ht=" + t), r("t-1=" + (t if tag else "<s>")),
                r("t+1=" + (t if tag else "</s>")))

    def _dep(self, dep: int, s) -> tuple[int, ...]:
        r = self.row
        d = s[dep]
        return (r("d=" + d), r("hd=" + d)) + tuple(r("d|hk=" + d + "|" + n) for n in KID_NAMES)

    # -- per document ---------------------------------------------------------------------
    def doc_rows(self, doc: Doc) -> tuple[list[int], list[np.ndarray]]:
        """(indices of the tagged tokens, [F, P, H, G, C, B, K, orth]): one (tokens, slots) int
        array per group, in the column order of `FeatureExtractor.doc_groups`, except that F holds
        each token's own word-form slots: its L group (8 slots) and then, two slots each, the
        W groups it makes for the tokens 2 before, 1 before, 1 after, 2 after it; `orth` (the
        tokens' word ids) keys the caller's cache of word-form scores."""
        fx = self.fx
        s = doc.vocab.strings
        n = len(doc)
        if n == 0:
            return [], []
        raw = doc.to_array(_COLS)
        is_space = raw[:, 7].astype(bool)
        if is_space.all():
            return [], []
        ii = np.flatnonzero(~is_space)
        idx = ii.tolist()
        m = len(idx)
        Z = self.zero
        hd = np.arange(n) + doc.to_array(HEAD).view(np.int64)  # HEAD is a signed offset
        hi = hd[ii]
        hhi = hd[hi]
        orth_a, lem_a, tag_a, dep_a, ent_a, sst_a = (raw[:, k] for k in (0, 2, 3, 4, 6, 8))
        u = np.uint64

        # word forms (every token: quote marks and line breaks matter even in space tokens):
        # own L slots, the W slots it lends its neighbours, quote kind, newline
        forms_all = self._forms.get(orth_a, lambda o, _: self._form(o, s))
        forms = forms_all[ii]
        words = self._words.get(raw[ii, 1])  # by LOWER: w=, -2:w=, -1:w=, 1:w=, 2:w=
        forms[:, 1] = words[:, 0]
        forms[:, 8:16:2] = words[:, 1:]
        qkind_a = forms_all[:, 16]
        # lemma-keyed slots of the token, its head and its grandparent
        lem_all = self._lemmas.get(lem_a, lambda l, _: self._lemma(l, s))
        lt, lh, lg = lem_all[ii], lem_all[hi], lem_all[hhi]
        tag_all = self._tags.get(tag_a, lambda t, _: self._tag(t, s))
        dep_all = self._deps.get(dep_a, lambda d, _: self._dep(d, s))
        ent_rows = self._ents.get(ent_a[ii], lambda e, _: (self.row("ent=" + (s[e] if e else "-")),))[:, 0]

        # the same per-document facts as FeatureExtractor._context, from the arrays
        head = hd.tolist()
        dep, lemma, tag, qkind = dep_a.tolist(), lem_a.tolist(), tag_a.tolist(), qkind_a.tolist()
        cue = np.isin(lem_all[:, 4], self._cueish_codes()).tolist()
        links = fx._cue_links(head, dep, lemma, cue, s)
        kids, subj = fx._children(head, dep, tag, qkind, ent_a.tolist(), s)
        sent_id = np.cumsum((sst_a == 1) & (np.arange(n) > 0))
        has_q = np.zeros(int(sent_id[-1]) + 1, bool)
        has_q[sent_id[qkind_a != 0]] = True
        sent_q = has_q[sent_id]
        newline = forms_all[:, 17].tolist()
        # quote state, reset at line breaks: as in FeatureExtractor._context
        inq = []
        inside = False
        prev = -2
        for i in idx:
            if i != prev + 1 and newline[i - 1]:
                inside = False
            prev = i
            qk = qkind[i]
            if qk == 1:
                inside = True
                inq.append(False)
            elif qk == 2:
                inside = False
                inq.append(False)
            elif qk == 3:
                inside = not inside
                inq.append(False)
            else:
                inq.append(inside)
        gap = np.zeros(m, bool)
        gap[1:] = np.diff(ii) != 1
        send = np.ones(m, bool)
        send[:-1] = sst_a[ii[1:]] == 1
        links = np.array(links, dtype=np.uint64)[ii]
        link_rows = self._links.get(links, lambda k, _: (self.row("link=" + fx._link_names[k]),))[:, 0]
        row = self.row
        t_i, d_i = tag_a[ii], dep_a[ii]
        td = self._td.get(_mix(11, (t_i, d_i)),
                          lambda _, p: (row("t|d=" + s[int(t_i[p])] + "|" + s[int(d_i[p])]),))[:, 0]
        hl_i = lem_a[hi]
        dhl = self._dhl.get(_mix(12, (d_i, lh[:, 5].view(np.uint64))))[:, 0]
        hb = lh[:, 4]
        dhc = self._dhc.get(_mix(13, (d_i, hb.astype(u))),
                            lambda _, p: (row("d|hcue=" + s[int(d_i[p])] + "|" + fx.bucket(int(hl_i[p]), s)),))[:, 0]
        cur_o = orth_a[ii]
        prev_o = np.concatenate([np.zeros(1, np.uint64), cur_o[:-1]])
        bg = self._bg.get(_mix(14, (prev_o, cur_o)))[:, 0]
        const = self._const

        def flag(mask, name):
            return np.where(mask, const[name], Z)

        P = np.stack([lt[:, 0], tag_all[ii, 0], dep_all[ii, 0], td, lt[:, 1], ent_rows, link_rows,
                      np.where(ii < hi, const["left"], const["right"]), flag(sst_a[ii] == 1, "sstart")], 1)
        H = np.stack([lh[:, 2], tag_all[hi, 1], dep_all[hi, 1], dhl, dhc], 1)
        G = lg[:, 3:4]
        # neighbours' tags: the tagged tokens' own tag rows, shifted; tag 0 (no neighbour)
        # spells "<s>" / "</s>"
        ctag = tag_all[ii]
        edge = self._tag(0, s)
        t_prev = np.concatenate([[edge[2]], ctag[:-1, 2]])
        t_next = np.concatenate([ctag[1:, 3], [edge[3]]])
        C = np.stack([t_prev, t_next, flag(np.array(inq, bool), "inq"),
                      flag(gap, "after_break"), flag(send, "send")], 1)
        kids = np.array(kids, dtype=np.int64)
        kt = kids[ii]
        kh = np.where(hi != ii, kids[hi], 0)
        bits = np.arange(len(KID_NAMES))
        own = np.where((kt[:, None] >> bits) & 1 == 1, self._kid_rows, Z)
        hk = np.where((kh[:, None] >> bits) & 1 == 1, dep_all[ii, 2:], Z)
        subj_rows = np.full(n, Z, dtype=np.int64)  # few tokens have a subject: fill those only
        for i in [i for i, x in enumerate(subj) if x]:
            subj_rows[i] = self._subj_row(subj[i])
        subj_rows = subj_rows[ii]
        K = np.concatenate([own, hk, subj_rows[:, None],
                            flag(sent_q[ii], "sq")[:, None]], 1)
        return idx, [forms, P, H, G, C, bg[:, None], K, cur_o]

    def _cueish_codes(self) -> list[int]:
        return [c for b, c in self._buckets.items() if b in _CUEISH]

    def _subj_row(self, subj: str) -> int:
        r = self._subj.get(subj)
        if r is None:
            r = self._subj[subj] = self.row("subj=" + subj) if subj else self.zero
        return r
