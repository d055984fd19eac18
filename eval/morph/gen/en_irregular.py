# Irregular English inflections written by hand.
# verb: past, past participle (several separated by '/')
VERBS = """
arise arose arisen|awake awoke awoken|be was/were been|bear bore borne/born|beat beat beaten|become became become
begin began begun|bend bent bent|bet bet bet|bid bid bid|bind bound bound|bite bit bitten|bleed bled bled|blow blew blown
break broke broken|breed bred bred|bring brought brought|broadcast broadcast broadcast|build built built|burn burned/burnt burned/burnt
burst burst burst|buy bought bought|cast cast cast|catch caught caught|choose chose chosen|cling clung clung|come came come
cost cost cost|creep crept crept|cut cut cut|deal dealt dealt|dig dug dug|do did done|draw drew drawn|dream dreamed/dreamt dreamed/dreamt
drink drank drunk|drive drove driven|dwell dwelt/dwelled dwelt/dwelled|eat ate eaten|fall fell fallen|feed fed fed|feel felt felt
fight fought fought|find found found|flee fled fled|fling flung flung|fly flew flown|forbid forbade forbidden|forecast forecast forecast
forget forgot forgotten|forgive forgave forgiven|freeze froze frozen|get got gotten/got|give gave given|go went gone|grind ground ground
grow grew grown|hang hung/hanged hung/hanged|have had had|hear heard heard|hide hid hidden|hit hit hit|hold held held|hurt hurt hurt
keep kept kept|kneel knelt/kneeled knelt/kneeled|knit knit/knitted knit/knitted|know knew known|lay laid laid|lead led led|lean leaned/leant leaned/leant
leap leaped/leapt leaped/leapt|learn learned/learnt learned/learnt|leave left left|lend lent lent|let let let|lie lay lain|light lit/lighted lit/lighted
lose lost lost|make made made|mean meant meant|meet met met|mislead misled misled|mow mowed mown/mowed|overcome overcame overcome
overtake overtook overtaken|overthrow overthrew overthrown|pay paid paid|proofread proofread proofread|prove proved proven/proved|put put put
quit quit quit|read read read|rid rid rid|ride rode ridden|ring rang rung|rise rose risen|run ran run|saw sawed sawn/sawed|say said said
see saw seen|seek sought sought|sell sold sold|send sent sent|set set set|sew sewed sewn/sewed|shake shook shaken|shed shed shed
shine shone shone|shoot shot shot|show showed shown|shrink shrank shrunk|shut shut shut|sing sang sung|sink sank sunk|sit sat sat
slay slew slain|sleep slept slept|slide slid slid|sling slung slung|slit slit slit|sneak sneaked/snuck sneaked/snuck|sow sowed sown/sowed
speak spoke spoken|speed sped sped|spell spelled/spelt spelled/spelt|spend spent spent|spill spilled/spilt spilled/spilt|spin spun spun
spit spat spat|split split split|spread spread spread|spring sprang sprung|stand stood stood|steal stole stolen|stick stuck stuck
sting stung stung|stink stank stunk|stride strode stridden|strike struck struck/stricken|string strung strung|strive strove striven
swear swore sworn|sweep swept swept|swell swelled swollen|swim swam swum|swing swung swung|take took taken|teach taught taught
tear tore torn|tell told told|think thought thought|throw threw thrown|thrust thrust thrust|tread trod trodden|undergo underwent undergone
undertake undertook undertaken|understand understood understood|undo undid undone|upset upset upset|uphold upheld upheld|wake woke woken
wear wore worn|weave wove woven|weep wept wept|win won won|wind wound wound|withdraw withdrew withdrawn|withhold withheld withheld
withstand withstood withstood|wring wrung wrung|write wrote written|dive dived/dove dived|shave shaved shaved/shaven|thrive thrived/throve thrived
"""
# extra present forms
VERB_EXTRA = {'be': ['am', 'is', 'are', 'being'], 'have': ['has', 'having'], 'do': ['does', 'doing'], 'go': ['goes', 'going'], 'undo': ['undoes', 'undoing'], 'undergo': ['undergoes', 'undergoing']}
# nouns: plural forms
NOUNS = """
man men|woman women|child children|person people/persons|foot feet|tooth teeth|mouse mice|goose geese|ox oxen|louse lice
sheep sheep|deer deer|fish fish/fishes|series series|species species|aircraft aircraft|crisis crises|thesis theses|analysis analyses
basis bases|hypothesis hypotheses|axis axes|criterion criteria|phenomenon phenomena|medium media/mediums|index indices/indexes
appendix appendices/appendixes|matrix matrices|cactus cacti/cactuses|nucleus nuclei|radius radii|stimulus stimuli|fungus fungi
curriculum curricula/curriculums|bacterium bacteria|memorandum memoranda/memorandums|focus foci/focuses|genus genera|corpus corpora
leaf leaves|knife knives|life lives|wife wives|half halves|wolf wolves|shelf shelves|thief thieves|loaf loaves|calf calves|self selves
sheaf sheaves|scarf scarves|wharf wharves|elf elves|hero heroes|potato potatoes|tomato tomatoes|echo echoes|veto vetoes|torpedo torpedoes
volcano volcanoes/volcanos|embargo embargoes|mosquito mosquitoes|dwarf dwarfs/dwarves|hoof hooves/hoofs|die dice|penny pennies/pence
corps corps|salmon salmon|trout trout|offspring offspring|headquarters headquarters|means means|craft crafts|spacecraft spacecraft|chassis chassis
emphasis emphases|cargo cargoes/cargos|swine swine|moose moose|bison bison|samurai samurai|yen yen|shogun shoguns|kimono kimonos|piano pianos|photo photos|radio radios|video videos|zoo zoos
"""
ADJS = """
good better best|bad worse worst|far farther/further farthest/furthest|little less/littler least/littlest|old older/elder oldest/eldest|well better best
"""
UNCOUNTABLE = set("""advice information furniture equipment luggage news evidence knowledge research weather traffic music rice sand dust mud milk
money homework progress freedom independence sovereignty poverty wealth welfare health gravity courage garbage rubbish tobacco hardware
logic jazz soccer tennis golf chemistry biology geography mathematics physics economics literature mercy luck nonsense oxygen carbon
violence clothes goods earnings pants jeans odds cattle data media peace accommodation anger enthusiasm electricity flour fun
hatred hunger justice labor leisure liberty pity racism satisfaction scenery shame spite sympathy terror thunder timber wheat wool
heritage makeup pasta patience photography staff steam stuff software youth guilt glory fame faith fashion darkness dirt awareness
diversity efficiency entertainment excitement grief happiness homework humor intelligence jewelry machinery mist morale nitrogen
permission pollution pregnancy publicity recognition respect safety salt silence sleep smoke snow speed strength stress sugar
sunshine transportation trust truth unemployment usage vegetation warmth wildlife wisdom ammunition artillery cavalry infantry
""".split())
