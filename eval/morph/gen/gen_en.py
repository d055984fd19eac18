"""Generate the English lemma/forms test files: word lists written by hand
(en_words/), regular inflection by rule, irregular forms from en_irregular.py.
Run from anywhere: python3 gen_en.py"""
import os, random, re, json
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
import sys; sys.path.insert(0, HERE)
from en_irregular import VERBS, VERB_EXTRA, NOUNS, ADJS, UNCOUNTABLE
VOW = set('aeiou')
def words(f): return [w for w in open(os.path.join(HERE, 'en_words', f)).read().split() if w.isalpha() and w.islower()]
def sylls(w):
    g = re.findall(r'[aeiouy]+', w[1:] if w[0] == 'y' else w)
    n = len(g)
    if w.endswith('e') and not w.endswith(('le', 'ee', 'ye')) and n > 1: n -= 1
    return max(n, 1)
DOUBLE = set('admit commit occur prefer refer permit control patrol regret forget begin transfer equip submit omit compel expel rebel propel deter incur confer defer acquit abet allot embed upset excel dispel repel recur concur extol format outwit'.split())
def cvc(w):
    if len(w) < 3 or w[-1] in VOW or w[-1] in 'wxy' or w[-2] not in VOW: return False
    if w[-3] in VOW: return w[-3] == 'u' and len(w) > 3 and w[-4] == 'q'
    return True
def doubles(w): return cvc(w) and (sylls(w) == 1 or w in DOUBLE)
def s_form(w, verb=False):
    if re.search(r'(s|x|z|ch|sh)$', w): return w + 'es'
    if re.search(r'[^aeiou]y$', w): return w[:-1] + 'ies'
    if verb and re.search(r'[^aeiou]o$', w): return w + 'es'
    return w + 's'
def ed_ing(w):
    if w.endswith('ie'): return w + 'd', w[:-2] + 'ying'
    if w.endswith(('ee', 'ye', 'oe')): return w + 'd', w + 'ing'
    if w.endswith('e'): return w + 'd', w[:-1] + 'ing'
    if re.search(r'[^aeiou]y$', w): return w[:-1] + 'ied', w + 'ing'
    if w.endswith('c'): return w + 'ked', w + 'king'
    if doubles(w): return w + w[-1] + 'ed', w + w[-1] + 'ing'
    return w + 'ed', w + 'ing'
def table(text):
    out = {}
    for item in text.replace('\n', '|').split('|'):
        parts = item.split()
        if parts: out[parts[0]] = [p.split('/') for p in parts[1:]]
    return out
IRV, IRN, IRA = table(VERBS), table(NOUNS), table(ADJS)
NOCOMP = set('ill real chief main super minor eager sober proper base worth'.split())
TWO = set('quiet clever narrow gentle simple humble noble polite common handsome remote pleasant stupid tender cruel solid shallow subtle mellow'.split())
def verb_forms(w):
    if w in VERB_EXTRA:
        past, pp = IRV[w]
        return [('Vbe' if w == 'be' else 'V3', x) for x in VERB_EXTRA[w] if not x.endswith('ing')] + \
            [('Vpast', x) for x in past] + [('Vpp', x) for x in pp] + [('Ving', x) for x in VERB_EXTRA[w] if x.endswith('ing')]
    fs = [('V3', s_form(w, True))]
    ed, ing = ed_ing(w)
    if w in IRV:
        past, pp = IRV[w]
        fs += [('Vpast', x) for x in past] + [('Vpp', x) for x in pp]
    else:
        fs += [('Ved', ed)]
    if w == 'lie': fs += [('Ved', 'lied')]
    fs += [('Ving', ing)]
    for x in VERB_EXTRA.get(w, []): fs.append(('Vbe' if w == 'be' else 'V3' if x.endswith('s') else 'Ving', x))
    return fs
def noun_forms(w):
    if w in IRN: return [('Nirr', x) for x in IRN[w][0]]
    if w.endswith('man') and w not in ('human', 'roman', 'shaman', 'talisman', 'german', 'caiman', 'ottoman'):
        return [('Nirr', w[:-3] + 'men')]
    if w in UNCOUNTABLE: return []
    return [('Npl', s_form(w))]
def adj_forms(w):
    if w in IRA: return [('Airr', x) for x in IRA[w][0] + IRA[w][1]]
    if w in NOCOMP: return []
    n = sylls(w)
    if not (n == 1 or w in TWO or (n == 2 and re.search(r'(y|le|ow|er)$', w))): return []
    if w in ('shy', 'sly', 'spry', 'coy'): b = w
    elif w.endswith('e'): return [('Acomp', w + 'r'), ('Asup', w + 'st')]
    elif re.search(r'[^aeiou]y$', w): b = w[:-1] + 'i'
    elif cvc(w) and n == 1: b = w + w[-1]
    else: b = w
    return [('Acomp', b + 'er'), ('Asup', b + 'est')]
lem = {}
def add(w, fs, pos):
    e = lem.setdefault(w, {'pos': [], 'forms': {w: 'base'}})
    if pos not in e['pos']: e['pos'].append(pos)
    for t, f in fs:
        if f != w and f not in e['forms']: e['forms'][f] = t
for f in ('nouns.txt', 'nouns2.txt', 'nouns3.txt'):
    for w in words(f): add(w, noun_forms(w), 'N')
for f in ('verbs.txt', 'verbs2.txt'):
    for w in words(f): add(w, verb_forms(w), 'V')
for f in ('adjs.txt', 'adjs2.txt'):
    for w in words(f): add(w, adj_forms(w), 'A')
items = sorted((w, e) for w, e in lem.items() if len(e['forms']) > 1)
rng = random.Random(20240601)
rng.shuffle(items)
held, main = items[:700], items[700:2700]
def write(path, its):
    with open(path, 'w') as fh:
        for w, e in sorted(its, key=lambda x: x[0]):
            fh.write(w + '\t' + ' '.join(e['forms']) + '\n')
write(os.path.join(OUT, 'en_forms.tsv'), main)
write(os.path.join(OUT, 'en_forms_heldout.tsv'), held)
# the kind of each form (Npl, Ved, Vpast, Acomp, ...), for classify.py
with open(os.path.join(HERE, 'en_tags.tsv'), 'w') as fh:
    for w, e in sorted(items):
        fh.write(w + '\t' + '+'.join(e['pos']) + '\t' + ' '.join(e['forms'].values()) + '\n')
print(len(items), len(main), len(held))
