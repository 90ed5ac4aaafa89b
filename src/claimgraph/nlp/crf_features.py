"""Token features for the learned attribution tagger (shared by training and the component).

Speed is the design constraint: the component may cost only a few per cent of spaCy's own time.
So a token's features come in *groups* whose content depends on a few integer ids only: the
word form (`orth`), the parse context (lemma, tag, dep, head ...), each window neighbour's form,
the word bigram, the local context flags. Each group is built once per distinct key and cached;
a token is then just a short tuple of group ids. Training flattens the groups into CRFsuite's
feature strings; the component sums each group's cached label scores (see `learned.py`), so no
per-token string is ever built at run time.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, IS_SPACE, LEMMA, LOWER, ORTH, SENT_START, TAG
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
    def doc_groups(self, doc: Doc) -> tuple[list[int], np.ndarray]:
        """(indices of the tagged tokens, an int array of group ids, one row per token). Space
        tokens are skipped: they never carry a role and would only break spans apart."""
        s = doc.vocab.strings
        n = len(doc)
        if n == 0 or all(t.is_space for t in doc):
            return [], np.zeros((0, 11), dtype=np.int64)
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
        kids, subj = self._children(head, dep, tag, qkind, arr, s)
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
        # The hot part. Each token's parse/context/bigram/children keys are hashed to one
        # 64-bit int per group with numpy, then looked up in one dict; only a key never seen
        # before (a miss) builds its tuple and feature strings (`gid`).
        gid = self._gid
        sidx = [orth[i] for i in idx] + [0, 0]  # two pads: [-1], [-2] and [m], [m+1] read 0
        pads = [gid(("W", 0, off), s) for off in WINDOW]
        stag = [tag[i] for i in idx] + [0]
        ent = [r[6] for r in arr]
        sst = [r[8] == 1 for r in arr]
        gap = [False] + [idx[k - 1] != idx[k] - 1 for k in range(1, m)]
        send = [sst[idx[k + 1]] for k in range(m - 1)] + [True]
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

    def _children(self, head, dep, tag, qkind, arr, s):
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
                    ent = arr[i][6]
                    subj[h] = s[ent] if ent else ("PRP" if s[tag[i]] == "PRP" else "NN")
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
