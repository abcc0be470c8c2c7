"""The word lists the analyzers share: speech verbs, calendar words, titles and name cues.

One list per idea, so that the quote reader, the names list, the date reader and the
sentence splitter cannot drift apart; variants (abbreviations, month numbers) are derived
from the list, not copied. Lists are lowercase unless a comment says otherwise; callers
compare casefolded words. This module imports nothing from ``storyfuse``, so any layer
may use it.
"""

from __future__ import annotations

_WORDS = str.split  # word lists below read best as one string

# --- speech -----------------------------------------------------------------------------

# Verbs that attribute speech, in the forms news uses ("X said", "says X", "X has told").
SPEECH_VERBS: frozenset[str] = frozenset(
    _WORDS(
        """said says say told tells added adds tweeted tweets wrote writes asked asks stated states
        noted notes explained explains warned warns insisted insists confirmed confirms declared
        declares announced announces stressed stresses argued argues continued replied replies
        responded urged urges recalled recalls admitted acknowledged emphasised emphasized posted
        commented remarked cautioned conceded claimed claims vowed pledged shouted answered
        exclaimed countered quipped yelled cried"""
    )
)
# Verbs that attribute a quotation besides those above (the sentence splitter's list stays
# as it is): "he advised", "she elaborated".
QUOTE_VERBS: frozenset[str] = SPEECH_VERBS | frozenset(
    _WORDS(
        """advised advises suggested suggests elaborated elaborates joked jokes complained
        complains predicted predicts observed observes agreed agrees reiterated reiterates
        lamented laments boasted boasts assured assures mused muses wondered wonders
        acknowledges admits recommended recommends concluded concludes testified testifies
        conceded concedes"""
    )
)
# Participles that hand a quotation to the subject of their sentence: "He apologised,
# saying, ..."
QUOTE_PARTICIPLES: frozenset[str] = frozenset(
    _WORDS("saying adding telling writing explaining noting warning insisting calling")
)

# --- calendar ---------------------------------------------------------------------------

MONTH_NAMES: tuple[str, ...] = tuple(
    _WORDS("january february march april may june july august september october november december")
)
ABBREVIATION_LETTERS = 3  # "Jan", "Feb": a month's abbreviation is its first three letters
# The abbreviations news uses: the first letters of each month, and "Sept".
MONTH_ABBREVIATIONS: frozenset[str] = frozenset(
    {m[:ABBREVIATION_LETTERS] for m in MONTH_NAMES} | {"sept"}
)
# Month words (names and abbreviations) -> the month's number.
MONTH_NUMBERS: dict[str, int] = {m: i for i, m in enumerate(MONTH_NAMES, 1)} | {
    a: n for n, m in enumerate(MONTH_NAMES, 1) for a in MONTH_ABBREVIATIONS if m.startswith(a)
}
# Index = ``date.weekday()``: Monday is 0.
WEEKDAYS: tuple[str, ...] = tuple(
    _WORDS("monday tuesday wednesday thursday friday saturday sunday")
)
RELATIVE_DAYS: frozenset[str] = frozenset(_WORDS("yesterday today tonight tomorrow"))

# --- story state ------------------------------------------------------------------------

# Word forms (not stems: "Miss." and "fearful" are not pending) that leave an outcome open
# ("two workers remain missing", "rescuers were searching", "the search resumed") ...
PENDING_WORDS: frozenset[str] = frozenset(
    _WORDS("missing unaccounted trapped stranded searching resumed continuing")
)
# ... and those that say how it ended ("divers recovered the body", "were freed").
RESOLVED_WORDS: frozenset[str] = frozenset(
    _WORDS(
        """found recovered rescued freed released dead died killed body bodies captured
        arrested surrendered"""
    )
)

# --- titles -----------------------------------------------------------------------------

HONORIFICS: frozenset[str] = frozenset(
    _WORDS("mr mrs ms miss mx dr sir dame lord lady messrs mme mmes mlle mss drs sra")
)
# Offices that stand before a name ("President", "Harbour Master", "FM Lavrov"); a title
# ends in one of these, after up to three ``TITLE_MODIFIERS``. "General" and "Executive"
# only qualify a title here ("Attorney General", "Chief Executive"): as heads they would
# cut "General Assembly" or "Executive Order" into a title and a name.
TITLE_HEADS: frozenset[str] = frozenset(
    _WORDS(
        """president minister secretary mayor master chief deputy inspector superintendent
        governor senator chancellor ambassador spokesman spokeswoman spokesperson commissioner
        director officer judge professor captain commander premier envoy king queen prince
        princess pope sheikh sheriff chairman chairwoman chair leader coach manager speaker
        attorney detective agent sergeant constable lieutenant colonel admiral marshal
        councillor councilor analyst adviser advisor negotiator founder prosecutor bishop
        archbishop cardinal rabbi imam reverend pastor secretary-general attorney-general ceo pm
        fm gen gov sen rep col lt sgt capt cmdr supt insp det prof rev"""
    )
)
# Words that qualify a title ("Foreign Minister", "Regional Transport Minister").
TITLE_MODIFIERS: frozenset[str] = frozenset(
    _WORDS(
        """foreign prime deputy vice fire police harbour harbor chief regional transport defence
        defense interior finance health home justice education energy trade economy state press
        senior former acting executive supreme managing assistant associate head interim federal
        national security communications military marine emergency environment agriculture
        culture labour labor treasury opposition inspector master general attorney commerce
        special first"""
    )
)
# Words that make a title a past one ("late North Korean leader", "former Soviet leader").
PAST_MODIFIERS: frozenset[str] = frozenset(_WORDS("former late ex then"))
# Every word of a title: what splits "Turkish Foreign Minister Mevlut Cavusoglu".
TITLES: frozenset[str] = TITLE_HEADS | HONORIFICS
# Title modifiers that do not say whose office it is: "Foreign Minister" of which country?
GENERIC_OFFICE: frozenset[str] = frozenset(
    _WORDS(
        """foreign prime deputy vice chief senior first general acting executive assistant press
        state federal national defense defence finance interior health justice education trade
        economy energy agriculture labor labour culture environment security intelligence"""
    )
)
# Abbreviated titles before a name, capitalised as written ("Gov. Mario Covas", "Maj.
# Perry Nouis"): their period never ends a sentence.
PERSON_TITLE_ABBREVIATIONS: frozenset[str] = frozenset(
    _WORDS(
        """Mr Mrs Ms Mss Messrs Mmes Mme Mlle Dr Drs Prof Profs Gen Gens Sen Sens Rep Reps Gov Govs
        Lt Col Sgt Capt Cmdr Cmdt Adm Maj Brig Cpl Pvt Pfc Spc Rev Revs Fr Msgr Hon Pres Supt Atty
        Amb Insp Det Sra Sgts"""
    )
)
PLACE_ABBREVIATIONS: frozenset[str] = frozenset(_WORDS("Mt Ft Pt"))  # "Mt. Everest"
# Abbreviations before a name: the period never ends a sentence.
TITLE_ABBREVIATIONS: frozenset[str] = PERSON_TITLE_ABBREVIATIONS | PLACE_ABBREVIATIONS

# --- sentences --------------------------------------------------------------------------

# Capitalised function words that mostly mark the start of a sentence, not a name
# (capitalised as written; no weekdays, months or nouns: "5 p.m. Sunday", "U.S. Officials
# Say" stay together).
SENTENCE_STARTERS: frozenset[str] = frozenset(
    _WORDS(
        """The A An He She It They We I You His Her Its Their Our My Your This That These Those
        There Here But And Or So Yet If When While After Before As In On At For With By From To Of
        Since Although Though Because However Meanwhile Also Still Now Then Instead Some Many Most
        All Both Each Other Others One Two Three Four Five What Who Why How Where Which Such Last
        Next Earlier Later Do Does Did Is Are Was Were Would Can Could Should Might Must Has Have
        Had According Despite During Under Over Among Without Neither Nor Not Only Even Just
        Already Again Indeed Thus Therefore Moreover Furthermore Nevertheless Otherwise Besides
        Finally First Second Third Yesterday Today Tomorrow Tonight Asked Like Unlike Until Unless
        Whether Few Several Another Every Any No None Nothing Everyone Someone About Around Nearly
        Almost More Less Along Against Between Through Throughout Across Amid Within Once Let
        Yes"""
    )
)

# --- names of people, organisations and places ------------------------------------------

# Capitalised words that are never a name on their own, wherever they stand.
NOT_NAMES: frozenset[str] = frozenset(
    _WORDS(
        """also read more related photo video update updated breaking live watch listen share god
        reportedly dear"""
    )
)
# Lower-case words inside a name: "Osama bin Laden", "Luiz Inacio Lula da Silva".
PARTICLES: frozenset[str] = frozenset(
    _WORDS("bin ibn al el van von der den de da del della di du la le dos das")
)
# A last (or only) word that makes a name an organisation's.
ORG_HEADS: frozenset[str] = frozenset(
    _WORDS(
        """ministry agency bureau party council inc ltd llc plc corp corporation company co group
        university college school institute board chamber lines airlines airways bank fund
        organization organisation union association authority commission committee department
        office service services police court army navy forces times news post herald courier
        administration
        ledger wire radio television tv network foundation trust society club federation alliance
        church hospital parliament congress senate assembly cabinet government journal gazette
        tribune telegraph channel coalition kremlin house nations commerce"""
    )
)
# A last word that makes a name a place's.
PLACE_HEADS: frozenset[str] = frozenset(
    _WORDS(
        """bridge street road avenue quay sea ocean river estuary bay harbour harbor city province
        state county district island islands mountains valley square tunnel airport station park
        plaza gulf lake coast peninsula region port hall centre center library plant stadium
        palace terminal republic kingdom states strip strait straits canyon desert heights
        territory territories"""
    )
)
# A head that takes a number as the last word of its name ("Swissair Flight 111", "Route 66").
NUMBERED_HEADS: frozenset[str] = frozenset(
    _WORDS(
        """flight route highway interstate terminal gate pier runway platform hangar reactor
        proposition chapter"""
    )
)
# Lower-case second halves of compound adjectives that look like a hyphenated given name
# after a capitalised word ("Cold War-era", "Tory-led"; not "Kim Jong-nam", "Ban Ki-moon").
COMPOUND_SECONDS: frozenset[str] = frozenset(
    _WORDS(
        """era led run born made wide like type free war term time day year old held fed set
        cut up on off out ish less"""
    )
)
# A word in a name that makes it an event's: never a person, no kind of its own.
EVENT_HEADS: frozenset[str] = frozenset(
    _WORDS("war conflict crisis summit forum treaty rescue cup league games")
)
# A first word that makes a name of several words a place's ("Port Alden", "New York").
PLACE_PREFIXES: frozenset[str] = frozenset(
    _WORDS("port mount lake fort cape saint st san new north south east west")
)
# Words before a name that make it a place ("from"/"to" precede people as often).
PLACE_BEFORE: frozenset[str] = frozenset(_WORDS("in at near into across outside towards toward"))
# Words before a name that make it an organisation ("the contractor Ferrow Civil").
ORG_BEFORE: frozenset[str] = frozenset(
    _WORDS("agency company firm contractor operator group outlet broadcaster newspaper insurer")
)
# A short list of our own: countries and capitals a news story is likely to name.
PLACES: frozenset[str] = frozenset(
    _WORDS(
        """afghanistan albania algeria argentina armenia australia austria azerbaijan bangladesh
        belarus belgium bolivia bosnia brazil bulgaria cambodia cameroon canada chile china
        colombia croatia cuba cyprus czechia denmark ecuador egypt england estonia ethiopia europe
        africa asia america britain finland france georgia germany ghana greece hungary haiti india
        indonesia iran iraq ireland israel italy japan jordan kazakhstan kenya korea kosovo kuwait
        latvia lebanon libya lithuania mali mexico moldova mongolia morocco myanmar nepal
        netherlands nigeria norway pakistan palestine gaza peru philippines poland portugal qatar
        romania russia rwanda scotland serbia slovakia slovenia somalia spain sudan sweden
        switzerland syria taiwan thailand tunisia turkey uganda ukraine uk us usa venezuela vietnam
        wales yemen zimbabwe crimea donbas kyiv kiev moscow ankara istanbul beijing london paris
        berlin washington brussels tokyo delhi minsk warsaw rome madrid jerusalem tehran baghdad
        damascus cairo mariupol kharkiv odesa sumy"""
    )
) | frozenset(
    (
        "united states",
        "united kingdom",
        "new york",
        "new delhi",
        "saudi arabia",
        "south africa",
        "north korea",
        "south korea",
        "hong kong",
        "sri lanka",
        "black sea",
        "u.s.",
        "u.k.",
    )
)
# Peoples' names, which are no names of people, places or organisations on their own.
DEMONYMS: frozenset[str] = frozenset(
    _WORDS(
        """russian russians ukrainian ukrainians turkish israeli british american chinese french
        german italian japanese indian iranian syrian polish european african western eastern
        northern southern soviet belarusian english scottish welsh irish canadian australian
        spaniards saudis arab arabs islamic americans kenyan tanzanian afghan"""
    )
)
