"""Markers of reported speech in French and English: reporting verbs and source phrases."""

from __future__ import annotations

# French reporting verbs of the first group, as stems: "déclar" gives déclare, a déclaré,
# déclarant, déclarait, ... (see ``french_forms``).
FRENCH_FIRST_GROUP_STEMS = (
    "déclar", "affirm", "ajout", "estim", "expliqu", "précis", "soulign", "rappel",
    "indiqu", "annonc", "assur", "confirm", "not", "mentionn", "insist", "lanc", "tweet",
    "comment", "martel", "dénonc", "exclam", "demand", "jug", "considér", "protest",
    "résum", "relev", "observ", "avou", "proclam", "réclam", "rétorqu", "tranch", "lâch",
    "plaid", "confi", "ironis", "raill", "fustig", "salu", "qualifi", "regrett", "déplor",
    "répét", "souhait", "menac", "signal", "témoign", "racont", "détaill", "argument",
    "accus", "promett",
)

FRENCH_OTHER_FORMS = (
    "dit", "dire", "disant", "disait", "dira", "dis", "disent",
    "répond", "répondu", "répondant", "répondait", "répondre",
    "écrit", "écrire", "écrivant", "écrivait",
    "conclut", "conclu", "concluant", "conclure",
    "reconnaît", "reconnait", "reconnu", "reconnaissant",
    "admet", "admis", "admettant",
    "avertit", "averti", "avertissant",
    "prévient", "prévenu", "prévenant",
    "poursuit", "poursuivi", "poursuivant",
    "réagit", "réagi", "réagissant",
    "promet", "promis",
    "soutient", "soutenu", "soutenant",
    "interroge", "interrogé",
)

FRENCH_ENDINGS = ("e", "es", "ent", "é", "ée", "és", "ées", "er", "ant", "ait", "aient", "a",
                  "èrent", "era", "eront")

ENGLISH_FORMS = (
    "said", "says", "say", "saying", "told", "tells", "tell", "telling", "added", "adds",
    "add", "adding", "stated", "states", "stating", "announced", "announces", "explained",
    "explains", "noted", "notes", "warned", "warns", "insisted", "insists", "claimed",
    "claims", "wrote", "writes", "tweeted", "tweets", "declared", "declares", "replied",
    "replies", "responded", "responds", "argued", "argues", "asked", "asks", "stressed",
    "stresses", "emphasised", "emphasized", "confirmed", "confirms", "acknowledged",
    "admitted", "recalled", "remarked", "commented", "concluded", "suggested", "urged",
    "vowed", "promised", "predicted", "posted", "according",
)

# Phrases that make the noun phrase before or after them the source of what follows.
SOURCE_PHRASES = ("selon", "d'après", "according to", "citing", "cité par", "cités par",
                  "a-t-il dit", "a-t-elle dit", "a-t-il ajouté", "a-t-elle ajouté")

# Nouns of speech: "X a donné une conférence de presse", "X made several statements".
SPEECH_NOUNS = ("conférence de presse", "déclaration", "déclarations", "allocution",
                "entretien", "interview", "communiqué", "discours", "propos", "tweet",
                "press conference", "statement", "statements", "remarks", "speech",
                "briefing")

# Pronouns that stand for the last person named.
PRONOUNS = ("il", "elle", "he", "she")

# Short forms of news outlets and institutions that speak as sources.
ABBREVIATIONS = {
    "NYT": "New York Times", "WSJ": "Wall Street Journal", "WaPo": "Washington Post",
    "FT": "Financial Times", "AFP": "Agence France-Presse", "AP": "Associated Press",
    "ONU": "Organisation des Nations unies", "UN": "United Nations",
    "OTAN": "OTAN", "NATO": "NATO", "UE": "Union européenne", "EU": "European Union",
}

# Words that start a capitalised run without being part of a name.
NON_NAME_WORDS = frozenset(["le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "ce", "cet", "cette", "ces", "il", "elle", "ils", "elles", "nous", "vous", "on", "je", "j", "et", "ou", "mais", "donc", "or", "ni", "car", "si", "quand", "pour", "par", "sur", "dans", "avec", "sans", "selon", "d'après", "après", "avant", "depuis", "lors", "alors", "ainsi", "ensuite", "enfin", "puis", "cependant", "pourtant", "toutefois", "parallèlement", "aujourd'hui", "hier", "demain", "evidemment", "évidemment", "bref", "dès", "à", "a", "en", "au", "aux", "c", "ça", "cela", "ceci", "qui", "que", "quoi", "the", "a", "an", "this", "that", "these", "those", "he", "she", "they", "we", "you", "i", "it", "and", "or", "but", "so", "if", "when", "for", "by", "on", "in", "of", "with", "without", "after", "before", "since", "then", "however", "meanwhile", "today", "yesterday", "tomorrow", "pourquoi", "comment", "où", "combien", "quel", "quelle", "quels", "quelles", "voici", "voilà", "why", "how", "where", "what", "who", "which", "whose"])

# Titles that may stand before a name ("le président Poutine").
TITLES = frozenset(["président", "présidente", "ministre", "secrétaire", "porte-parole", "chancelier", "chancelière", "premier", "première", "ambassadeur", "ambassadrice", "général", "sénateur", "sénatrice", "député", "députée", "directeur", "directrice", "chef", "conseiller", "conseillère", "envoyé", "envoyée", "président-élu", "roi", "reine", "president", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "chancellor", "ambassador", "general", "senator", "representative", "director", "chief", "adviser", "advisor", "envoy", "king", "queen", "prime", "maire", "préfet", "préfète", "gouverneur", "gouverneure", "juge", "procureur", "procureure", "avocat", "avocate", "commissaire", "rédacteur", "rédactrice", "dirigeant", "dirigeante", "patron", "patronne", "fondateur", "fondatrice", "mayor", "governor", "judge", "prosecutor", "lawyer", "commissioner", "editor", "founder", "m", "mm", "mme", "mmes", "mlle", "mr", "mrs", "ms", "dr"])


def french_forms() -> frozenset[str]:
    """Return every French reporting-verb form the lexicon covers."""
    forms = {stem + ending for stem in FRENCH_FIRST_GROUP_STEMS for ending in FRENCH_ENDINGS}
    forms.update(FRENCH_OTHER_FORMS)
    return frozenset(forms)


def reporting_verbs() -> frozenset[str]:
    """Return the reporting-verb forms of both languages, lowercased."""
    return french_forms() | frozenset(ENGLISH_FORMS)

# Nouns that can head a described speaker ("la délégation américaine", "a senior official").
SPEAKER_NOUNS = frozenset(["délégation", "délégations", "ministre", "ministère", "ministres", "gouvernement", "porte-parole", "diplomate", "diplomates", "ambassadeur", "ambassadrice", "ambassade", "président", "présidente", "présidence", "premier", "chancelier", "chancelière", "secrétaire", "conseiller", "conseillère", "responsable", "responsables", "officiel", "officiels", "source", "sources", "négociateur", "négociatrice", "négociateurs", "envoyé", "envoyée", "expert", "experts", "analyste", "analystes", "chercheur", "chercheuse", "député", "députée", "sénateur", "sénatrice", "élu", "élus", "maire", "préfecture", "préfet", "police", "gendarmerie", "parquet", "procureur", "procureure", "avocat", "avocate", "syndicat", "syndicats", "direction", "entreprise", "groupe", "société", "agence", "organisation", "kremlin", "élysée", "maison-blanche", "département", "service", "services", "armée", "état-major", "commandement", "autorités", "témoin", "témoins", "habitant", "habitants", "manifestant", "manifestants", "patron", "patronne", "dirigeant", "dirigeants", "communiqué", "opposition", "partie", "camp", "équipe", "commission", "conseil", "delegation", "delegations", "minister", "ministry", "government", "spokesman", "spokeswoman", "spokesperson", "diplomat", "diplomats", "ambassador", "embassy", "president", "presidency", "chancellor", "secretary", "adviser", "advisor", "official", "officials", "source", "sources", "negotiator", "negotiators", "envoy", "expert", "experts", "analyst", "analysts", "researcher", "senator", "lawmaker", "mayor", "police", "prosecutor", "lawyer", "union", "company", "group", "agency", "organisation", "organization", "department", "service", "army", "military", "authorities", "witness", "witnesses", "resident", "residents", "protester", "protesters", "leader", "leaders", "statement", "side", "team", "commission", "council"])

# Words before a name that make it a complement, not a speaker ("à Melun", "de Paris").
PREPOSITIONS = frozenset(["à", "au", "aux", "de", "du", "des", "d'", "en", "dans", "sur", "sous", "pour", "vers", "chez", "avec", "contre", "entre", "depuis", "pendant", "in", "at", "from", "of", "to", "into", "on", "with", "for", "against", "near"])
