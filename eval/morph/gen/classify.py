"""Group the misses that the stems example reports into classes by mechanism.

    python3 classify.py ru ../ru_forms.tsv ../ru_forms_result.txt
    python3 classify.py en ../en_forms.tsv ../en_forms_result.txt

Each missed pair query→form gets one class from the kinds of its two forms
(the tags the generators wrote beside the data) and the way their spellings
differ; a lemma counts in every class one of its missed pairs falls in.
Needs only the standard library.
"""
import collections, gzip, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
VOWELS = set('аеёиоуыэюяaeiou')


def lcp(a, b):
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def fleeting(a, b):
    """a and b differ by a vowel о/е/и (or its ь/й) inserted before the stem's
    last consonant: отец/отца, земля/земель, силён/сильный, боец/бойца."""
    p = lcp(a, b)
    for s, t in ((a, b), (b, a)):
        for i in range(max(0, p - 1), min(len(s), p + 2)):
            if s[i] not in 'оеи':
                continue
            for fill in ('', 'ь', 'й'):
                s2 = s[:i] + fill + s[i + 1:]
                if lcp(s2, t) > p and lcp(s2, t) >= i + len(fill) + 1:
                    return True
    return False


# ---------------------------------------------------------------- Russian

RU_CLASSES = [
    # (key, title, kind) kind: N = noun/adjective inflection, V = verb conjugation
    ('n_fleeting', 'nouns: fleeting vowel (отец/отца, земля/земель, церковь/церкви)', 'N'),
    ('n_j', 'nouns in -й: nominative does not find the rest (герой/героя, случай/случая)', 'N'),
    ('n_short', 'nouns: stem under 3 letters (дня/дню, лба/лбу, оси/ось)', 'N'),
    ('n_oyu', 'nouns: instrumental in -ою/-ею (войною, проблемою)', 'N'),
    ('n_mi', 'nouns: instrumental plural in -ьми (лошадьми, людьми)', 'N'),
    ('n_ya', 'nouns: plural stem in -ь(j)- (сын/сыновья, друг/друзья)', 'N'),
    ('n_in', 'nouns: -ин dropped in plural (гражданин/граждане, крестьянин/крестьяне)', 'N'),
    ('n_ext', 'nouns: stem grows (имя/имени, время/времени, мать/матери, чудо/чудеса)', 'N'),
    ('n_alt', 'nouns: stem consonant alternation (ухо/уши, око/очи)', 'N'),
    ('n_supp', 'nouns: suppletive stem (человек/люди, год/лет)', 'N'),
    ('n_voc', 'nouns: archaic vocative (отче, боже, господи)', 'N'),
    ('n_other', 'nouns: other', 'N'),
    ('a_short_masc', 'adjectives: short masculine with fleeting vowel (вероятен, силён, полон)', 'N'),
    ('a_short_nn', 'adjectives in -нный: short forms (государствен, иностранна, постоянна)', 'N'),
    ('a_short', 'adjectives: other short forms, mostly bare masculine (готов, красив, знаком)', 'N'),
    ('a_comp_reg', 'adjectives: comparative in -ее/-ей (новее, сильней)', 'N'),
    ('a_comp_irr', 'adjectives: comparative with alternation or suppletion (выше, проще, лучше)', 'N'),
    ('a_sup', 'adjectives: synthetic superlative with alternation (величайший, ближайший)', 'N'),
    ('a_other', 'adjectives: other full-form pairs', 'N'),
    ('v_fin_stems', 'verbs: infinitive/past vs present/future (подписать/подпишу, начать/начну)', 'V'),
    ('v_pres', 'verbs: present/future forms among themselves (подпишу/подпишешь)', 'V'),
    ('v_past_inf', 'verbs: past vs infinitive or past (вести/вёл, дать/дал)', 'V'),
    ('v_impr', 'verbs: imperative vs other finite forms (подпишите, начнёмте)', 'V'),
    ('v_prt_fin', 'verbs: participles vs finite forms (заключить/заключённый)', 'V'),
    ('v_prt_prt', 'verbs: participle vs participle (заключивший/заключённый)', 'V'),
]

# endings the engine's query expansion strips (src/analyze/russian.rs)
STRIP = ["ами", "ями", "ом", "ем", "ой", "ей", "ам", "ям", "ах", "ях", "ов", "ев", "а", "я", "у", "ю",
         "е", "ы", "и", "о", "ь"]


def strip_end(w):
    for e in STRIP:
        if w.endswith(e) and len(w) > len(e):
            return w[:-len(e)]
    return w


def short_stem(w):
    for e in STRIP:
        if w.endswith(e):
            return len(w) - len(e) < 3
    return len(w) < 3


def ru_noun_class(lemma, x, y, cx, cy, cells):
    if cx.endswith('voct') or cy.endswith('voct'):
        return 'n_voc'
    a, b = x.replace('ё', 'е'), y.replace('ё', 'е')
    lem = lemma.replace('ё', 'е')
    if (cx.endswith('ablt') and a.endswith(('ою', 'ею'))) or (cy.endswith('ablt') and b.endswith(('ою', 'ею'))):
        return 'n_oyu'
    if a.endswith('ьми') or b.endswith('ьми'):
        return 'n_mi'
    ya = any(c == 'pl.nomn' and f.endswith('ья') for f, c in cells.items()) and not lem.endswith(('ье', 'ья', 'ь'))
    if ya and cx.startswith('pl') != cy.startswith('pl'):
        return 'n_ya'
    if lem.endswith('ин') and cx.startswith('pl') != cy.startswith('pl'):
        return 'n_in'
    pl = a if cx.startswith('pl') else b
    if lem.endswith(('енок', 'онок')) and cx.startswith('pl') != cy.startswith('pl') and pl.startswith(lem[:-4]):
        return 'n_ext'
    if lem.endswith('мя') or lem in ('мать', 'дочь', 'чудо', 'небо'):
        return 'n_ext'
    if lem.endswith('й') and a == lem and short_stem(a) is False:
        return 'n_j'
    p = lcp(a, b)
    if fleeting(a, b):
        return 'n_fleeting'
    if 1 <= p < min(len(strip_end(a)), len(strip_end(b))) and a[p] not in VOWELS and b[p] not in VOWELS \
            and 'ь' not in (a[p], b[p]):
        return 'n_alt'
    if short_stem(a):
        return 'n_short'
    if p <= 1 or p < min(len(a), len(b)) // 2:
        return 'n_supp'
    return 'n_other'


ADJ_ORDER = ['a_comp_irr', 'a_short_masc', 'a_short_nn', 'a_short', 'a_sup', 'a_comp_reg', 'a_other']


def ru_adj_form(lem, w, c):
    """The class of an adjective form w as set against its lemma."""
    if c == 'Acomp':
        return 'a_comp_reg' if w.endswith(('ее', 'ей')) and w.startswith(lem[:-2]) else 'a_comp_irr'
    if c == 'Asup':
        return 'a_sup'
    if c == 'Ashort':
        if w[-1] not in VOWELS and fleeting(w, lem):
            return 'a_short_masc'
        return 'a_short_nn' if lem.endswith('нный') else 'a_short'
    return 'a_other'


def ru_adj_class(lemma, x, y, cx, cy, odd):
    """A pair is put in the class of its odd form: the one that does not meet
    the lemma (when both or neither, the less regular one)."""
    lem = lemma.replace('ё', 'е')
    a, b = x.replace('ё', 'е'), y.replace('ё', 'е')
    ka, kb = ru_adj_form(lem, a, cx), ru_adj_form(lem, b, cy)
    if a == lem or (y in odd and x not in odd):
        return kb
    if b == lem or (x in odd and y not in odd):
        return ka
    return min(ka, kb, key=ADJ_ORDER.index)


def ru_verb_class(cx, cy):
    fin = {'Vinf', 'Vpres', 'Vpast', 'Vimpr'}
    if cx in fin and cy in fin:
        cs = {cx, cy}
        if 'Vimpr' in cs:
            return 'v_impr'
        if cs == {'Vpres'}:
            return 'v_pres'
        if 'Vpres' in cs:
            return 'v_fin_stems'
        return 'v_past_inf'
    if cx in fin or cy in fin:
        return 'v_prt_fin'
    return 'v_prt_prt'


def ru_class(lemma, kind, x, y, cx, cy, cells, odd):
    nounish = lambda c: c[:3] in ('sg.', 'pl.')
    if nounish(cx) and nounish(cy):
        # a pair with one odd form (one the lemma misses) is put where the
        # lemma and that form are
        if (x in odd) != (y in odd) and lemma in cells:
            w = x if x in odd else y
            return ru_noun_class(lemma, lemma, w, cells[lemma], cells[w], cells)
        return ru_noun_class(lemma, x, y, cx, cy, cells)
    if cx.startswith('A') and cy.startswith('A'):
        return ru_adj_class(lemma, x, y, cx, cy, odd)
    return ru_verb_class(cx, cy)


# ---------------------------------------------------------------- English

EN_CLASSES = [
    ('e_irr_verb', 'irregular verb past/participle (went/gone, fought, was/been)', 'V'),
    ('e_irr_be', 'be/have/do/go present forms (is, are, has, does, goes)', 'V'),
    ('e_undouble', 'stemmer undoubles a base double consonant (add/added, spill/spilled)', 'V'),
    ('e_verb_other', 'regular verb forms, other stemmer splits', 'V'),
    ('e_comp', 'regular comparative/superlative -er/-est (bigger, happiest, clearer)', 'N'),
    ('e_comp_irr', 'irregular comparison (better/best, worse, further)', 'N'),
    ('e_ves', 'plural -f/-fe → -ves (leaf/leaves, knife/knives)', 'N'),
    ('e_men', 'man → men, incl. compounds (man/men, chairman/chairmen)', 'N'),
    ('e_classical', 'Latin/Greek plural (crisis/crises, criterion/criteria, nucleus/nuclei)', 'N'),
    ('e_irr_plural', 'other irregular plural (child/children, foot/feet, person/people)', 'N'),
    ('e_plural_other', 'regular noun plural, stemmer splits (bus/buses, ...)', 'N'),
    ('e_cross', 'other', 'N'),
]


def en_class(lemma, x, y, cx, cy):
    cs = {cx, cy}
    if cs & {'Airr'}:
        return 'e_comp_irr'
    if cs & {'Acomp', 'Asup'}:
        return 'e_comp'
    if 'Nirr' in cs:
        if not cs <= {'Nirr', 'base', 'Npl'}:
            return 'e_cross'
        pl = x if cx == 'Nirr' else y
        if pl.endswith('ves') and lemma.endswith(('f', 'fe')):
            return 'e_ves'
        if pl.endswith('men') and lemma.endswith('man'):
            return 'e_men'
        if lemma.endswith(('is', 'on', 'um', 'us', 'ex', 'ix')) or pl.endswith(('ae', 'a', 'i', 'ices', 'es')) and lemma.endswith(('is',)):
            return 'e_classical'
        return 'e_irr_plural'
    if cs & {'Vpast', 'Vpp'}:
        return 'e_irr_verb'
    if 'Vbe' in cs or lemma in ('be', 'have', 'do', 'go'):
        return 'e_irr_be'
    if cs & {'V3', 'Ved', 'Ving'}:
        if 'Npl' in cs and not cs & {'Ved', 'Ving'}:
            return 'e_plural_other'
        if len(lemma) > 2 and lemma[-1] == lemma[-2] and lemma[-1] not in 'aeiouls' or lemma.endswith(('dd', 'll', 'ss')) and cs & {'Ved', 'Ving'}:
            return 'e_undouble'
        return 'e_verb_other'
    if 'Npl' in cs:
        return 'e_plural_other'
    return 'e_cross'


# ---------------------------------------------------------------- main

def main():
    lang, data, result = sys.argv[1:4]
    forms = {}
    for line in open(data, encoding='utf-8'):
        lem, fs = line.rstrip('\n').split('\t')
        forms[lem] = fs.split(' ')
    tags = {}
    if lang == 'ru':
        fh = gzip.open(os.path.join(HERE, 'ru_tags.tsv.gz'), 'rt', encoding='utf-8')
        classes = RU_CLASSES
    else:
        fh = open(os.path.join(HERE, 'en_tags.tsv'), encoding='utf-8')
        classes = EN_CLASSES
    for line in fh:
        lem, kind, cs = line.rstrip('\n').split('\t')
        tags[lem] = (kind, cs.split(' '))
    pairs = collections.Counter()
    lemmas = collections.defaultdict(list)
    examples = collections.defaultdict(list)
    for line in open(result, encoding='utf-8'):
        parts = line.rstrip('\n').split('\t')
        if len(parts) != 3:
            continue
        lem = parts[0]
        kind, cs = tags[lem]
        cell = dict(zip(forms[lem], cs))
        got = collections.Counter()
        first = {}
        # forms that a search for the lemma, or the lemma for them, misses
        odd = set()
        for miss in parts[2].split(' '):
            q, f = miss.split('→')
            if q == lem: odd.add(f)
            if f == lem: odd.add(q)
        for miss in parts[2].split(' '):
            q, f = miss.split('→')
            if lang == 'ru':
                c = ru_class(lem, kind, q, f, cell[q], cell[f], cell, odd)
            else:
                c = en_class(lem, q, f, cell[q], cell[f])
            got[c] += 1
            # prefer an example that involves the lemma itself
            if c not in first or (lem in (q, f) and lem not in first[c].split('→')):
                first[c] = miss
        for c, n in got.items():
            pairs[c] += n
            lemmas[c].append(lem)
            examples[c].append(first[c])
    total = len(forms)
    print(f'{lang}: {total} lemmas')
    print(f'{"class":<78} {"lemmas":>6} {"pairs":>7}  examples')
    for key, title, kind in classes:
        if not lemmas[key]:
            continue
        ex = ', '.join(examples[key][:5])
        print(f'{title:<78} {len(lemmas[key]):>6} {pairs[key]:>7}  {ex}')
    if '-v' in sys.argv:
        for key, title, kind in classes:
            print('\n##', title)
            print(' '.join(examples[key][:200]))


if __name__ == '__main__':
    main()
