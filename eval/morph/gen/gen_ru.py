"""Generate the Russian lemma/forms test files with pymorphy3 and its
OpenCorpora dictionary (pip install pymorphy3 pymorphy3-dicts-ru).
Run: /tmp/morphenv/bin/python gen_ru.py"""
import collections, gzip, json, os, random
import pymorphy3
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
p = pymorphy3.MorphAnalyzer()
BAD = {'Name','Surn','Patr','Geox','Orgn','Trad','Abbr','Init','Apro','Slng','Erro','Dist','Fixd','Infr','Arch','Litr'}
FORM_BAD = {'Abbr','Infr','Erro','Dist','Slng','Arch'}
NOUN = {'NOUN'}; ADJ = {'ADJF','ADJS','COMP'}; VERB = {'INFN','VERB','PRTF','PRTS'}
def klass(pos):
    return 'N' if pos in NOUN else 'A' if pos in ADJ else 'V' if pos in VERB else None

def lemma_parse(word, want=None):
    """The parse of `word` as a dictionary lemma of a wanted class."""
    for pr in p.parse(word):
        k = klass(pr.tag.POS)
        if not k or (want and k != want): continue
        if set(pr.tag.grammemes) & BAD: continue
        if not any(m[0].__class__.__name__ == 'DictionaryAnalyzer' for m in pr.methods_stack): continue
        return pr
    return None

def code(t):
    """A short label of a form's cell, kept beside the data for the analysis."""
    pos = t.POS
    if pos == 'NOUN': return ('pl' if 'plur' in t.grammemes else 'sg') + '.' + (t.case or '')
    if pos == 'ADJF': return 'Asup' if 'Supr' in t.grammemes else 'Afull'
    if pos == 'ADJS': return 'Ashort'
    if pos == 'COMP': return 'Acomp'
    if pos == 'INFN': return 'Vinf'
    if pos == 'VERB':
        if 'impr' in t.grammemes: return 'Vimpr'
        return 'Vpast' if 'past' in t.grammemes else 'Vpres'
    if pos == 'PRTF': return 'P' + ('pass' if 'pssv' in t.grammemes else 'act') + ('Past' if 'past' in t.grammemes else 'Pres')
    if pos == 'PRTS': return 'Pshort'
    return pos

def forms(pr):
    lemma = pr.normal_form
    out = []
    CODES.setdefault(lemma, {})
    for f in pr.lexeme:
        t = f.tag
        if t.POS == 'GRND': continue
        if not klass(t.POS): continue
        if set(t.grammemes) & FORM_BAD: continue
        w = f.word.lower()
        if not w.isalpha(): continue
        # artefacts of pymorphy's generated prefixes (наихороший, покрасивее)
        if w.startswith('наи') and not lemma.startswith('наи'): continue
        if w not in out: out.append(w)
        CODES[lemma].setdefault(w, code(t))
    # softened comparatives по+comparative (покрасивее) are left out
    comps = {f.word for f in pr.lexeme if f.tag.POS == 'COMP'}
    out = [w for w in out if not (w in comps and w.startswith('по') and w[2:] in out)]
    if lemma in out:
        out.remove(lemma); out.insert(0, lemma)
    return out

def entry(word, want=None):
    pr = lemma_parse(word, want)
    if not pr: return None
    # re-parse the normal form itself so the lexeme starts at the lemma
    lem = pr.normal_form
    if not lem.isalpha(): return None
    pr2 = lemma_parse(lem, klass(pr.tag.POS)) or pr
    if pr2.normal_form != lem: pr2 = pr
    fs = forms(pr2)
    if len(fs) < 2: return None
    return lem, klass(pr.tag.POS), fs

CODES = {}
seen = set(); seeds = []
for w in open(os.path.join(HERE, 'ru_seeds.txt'), encoding='utf-8').read().split():
    if not w.isalpha(): continue
    e = entry(w)
    if e and e[0] not in seen:
        seen.add(e[0]); seeds.append(e)
# Frequency proxy: how many distinct forms of the lemma occur in the OpenCorpora
# annotated corpus (the words of pymorphy3's P(t|w) table); ties in seeded order.
QUOTA = {'N': 1800, 'A': 1000, 'V': 1200}
have = {k: sum(1 for e in seeds if e[1] == k) for k in QUOTA}
BLOCK = {'жопа', 'хуй', 'блядь', 'пизда', 'говно', 'сука', 'ебать'}
def frequency_pool():
    """(lemma, class, n) for every lemma with n distinct forms among the words
    of the OpenCorpora annotated corpus that pymorphy3 keeps (its P(t|w) table),
    most first: a rough frequency, as no frequency list is at hand."""
    words = sorted(set(k.split(':')[0] for k in p.prob_estimator.p_t_given_w.keys()))
    cnt = collections.Counter()
    for w in words:
        if not w.isalpha(): continue
        seen_here = set()
        for pr in p.parse(w):
            k = klass(pr.tag.POS)
            if not k or set(pr.tag.grammemes) & BAD: continue
            key = (pr.normal_form, k)
            if key not in seen_here:
                seen_here.add(key); cnt[key] += 1
    return [[lem, k, n] for (lem, k), n in cnt.most_common()]
raw = frequency_pool()
trng = random.Random(7)
tie = {i: trng.random() for i in range(len(raw))}
order = sorted(range(len(raw)), key=lambda i: (-raw[i][2], tie[i]))
pool = []
for i in order:
    lem, k, n = raw[i]
    if lem in seen or lem in BLOCK or have[k] >= QUOTA[k]: continue
    e = entry(lem, k)
    if not e or e[0] in seen: continue
    seen.add(e[0]); pool.append(e); have[e[1]] += 1
    if all(have[x] >= QUOTA[x] for x in QUOTA): break
rng = random.Random(20240601)
idx = list(range(len(pool))); rng.shuffle(idx)
held = sorted(idx[:1000]); main = sorted(idx[1000:])
def write(path, entries):
    with open(path, 'w', encoding='utf-8') as fh:
        for lem, k, fs in entries:
            fh.write(lem + '\t' + ' '.join(fs) + '\n')
write(os.path.join(OUT, 'ru_forms.tsv'), seeds + [pool[i] for i in main])
write(os.path.join(OUT, 'ru_forms_heldout.tsv'), [pool[i] for i in held])
# the cell of each form (sg.gent, Ashort, Vpast, ...), for classify.py
with gzip.open(os.path.join(HERE, 'ru_tags.tsv.gz'), 'wt', encoding='utf-8') as fh:
    for lem, k, fs in seeds + pool:
        fh.write(lem + '\t' + k + '\t' + ' '.join(CODES[lem][f] for f in fs) + '\n')
print(len(seeds), len(pool), collections.Counter(k for _,k,_ in seeds+pool))
