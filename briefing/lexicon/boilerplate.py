"""Families of site-clutter phrases in French and English.

Each family is a list of regular expressions (matched case-insensitively on a
block's text). They describe what publishers add around an article, never the
words of any particular article. ``TAIL`` families mark the start of a page's
footer: once one is met in the lower part of a page, what follows is clutter.
"""

from __future__ import annotations

DISCLAIMER = [
    r"avis de non[- ]responsabilit",
    r"\bdisclaimer\b",
    r"les (opinions|positions|points de vue) exprim[ée]e?s .{0,60}(n'engagent|ne refl[èe]tent)",
    r"(views|opinions) expressed .{0,60}(do not|don't) (necessarily )?reflect",
    r"ne refl[èe]tent? pas n[ée]cessairement",
    r"do(es)? not necessarily reflect",
    r"se d[ée]gage de toute responsabilit",
    r"publie des articles provenant de (diverses )?sources",
    r"utilise l'intelligence artificielle",
    r"uses? artificial intelligence",
    r"conditions g[ée]n[ée]rales (de publication|d'utilisation)",
    r"terms (and conditions|of (use|service))",
    r"politique (d'ia|de confidentialit)",
    r"privacy policy",
]

COPYRIGHT = [
    r"copyright",
    r"©",
    r"tous droits r[ée]serv[ée]s",
    r"all rights reserved",
    r"droit d'auteur",
]

REPUBLISHING = [
    r"la source originale de cet article",
    r"the original source of this article",
    r"accorde la permission de reproduire",
    r"(grants?|granted) permission to (re)?(publish|post|reproduce)",
    r"pour publier des articles",
    r"to (re)?publish (our )?articles",
    r"contact m[ée]dias?\s*:",
    r"media (contact|inquiries)\s*:",
    r"mat[ée]riel prot[ée]g[ée] par le droit",
    r"copyrighted material",
    r"fair use",
    r"utilisation [ée]quitable",
    r"cet article (a d'abord|a initialement) [ée]t[ée] publi[ée]",
    r"this article (was )?(first|originally) (appeared|published)",
    r"(article )?(initialement|originally) publi[ée]",
]

SHARE = [
    r"^(partagez?|partager) (cet|l') ?article",
    r"^share (this|the) (article|story|post)",
    r"^(partager|share|tweet|imprimer|print|email|e-mail)(\s*(sur|on)\s+\w+)?\s*:?$",
    r"^(suivez|follow) (nous|us)\b",
    r"^(abonnez-vous|inscrivez-vous|subscribe|sign up)\b.{0,80}(newsletter|lettre)",
    r"^(newsletter|lettre d'information)\b",
    r"^(laisser|laissez|leave) (un|a) (commentaire|comment|reply)",
    r"^\d*\s*(commentaires?|comments?)$",
]

RELATED = [
    r"^(à lire aussi|lire aussi|lire la suite|voir aussi|sur le même sujet|dans la même rubrique)",
    r"^(articles? (similaires|li[ée]s|recommand[ée]s)|les plus lus|[àa] la une|derni[èe]res? (nouvelles|actualit[ée]s))",
    r"^(read (more|also|next)|see also|related( articles| stories| posts)?|more from|you may also like|recommended|most (read|popular)|trending)\b",
]

TEASER = [
    r"il y a \d+\s*(secondes?|minutes?|heures?|h|jours?|semaines?|mois|ans?)\b",
    r"\b\d+\s*(seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?) ago\b",
]

NAVIGATION_LABELS = [
    "région", "régions", "region", "regions", "thème", "thèmes", "theme", "themes",
    "analyses", "analyse", "analysis", "catégorie", "catégories", "category", "categories",
    "rubrique", "rubriques", "tags", "tag", "mots-clés", "mots clés", "keywords", "sujets",
    "sujet", "topics", "topic", "section", "dossier", "dossiers", "filed under", "pays",
    "country", "countries", "accueil", "home", "vous êtes ici", "you are here",
]

CREDITS = [
    r"^\(?\s*(additional )?(reporting|writing|editing|compiled|research) by\b",
    r"^\(?\s*(avec|with) (afp|reuters|ap|belga|ats|dpa)\)?\.?$",
    r"^\(?\s*(édité|rédigé|traduit) par\b",
]

CAPTION = [
    r"^(photo|image|illustration|crédits?|credits?|vidéo|video|source)\s*[:©]",
    r"\((photo|image|credit|crédit)s?\s*:",
    r"^(afp|reuters|ap|getty images|epa|shutterstock)\s*(photo)?\s*[/|]",
]

BODY_FAMILIES = {
    "teaser": TEASER,
    "caption": CAPTION,
    "credits": CREDITS,
}

TAIL_FAMILIES = {
    "disclaimer": DISCLAIMER,
    "copyright": COPYRIGHT,
    "republishing": REPUBLISHING,
    "share": SHARE,
    "related": RELATED,
}
