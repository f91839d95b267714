"""Messages of the case library: pages, sharing to the commons, signed bundles, and the
post check's similar case."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "library.title": {"en": "Case library", "fr": "Cas d'école"},
    "library.intro": {
        "en": "Anonymised case studies: your organisation's and the commons shared by all.",
        "fr": "Cas d'école anonymisés : ceux de votre organisation et le fonds commun partagé.",
    },
    "library.query": {"en": "Search (French or English)", "fr": "Rechercher (français ou anglais)"},
    "library.query_hint": {"en": "e.g. late deliveries", "fr": "ex. livraisons en retard"},
    "library.filters": {"en": "Tags", "fr": "Étiquettes"},
    "library.any": {"en": "any", "fr": "toutes"},
    "library.search": {"en": "Search", "fr": "Rechercher"},
    "library.results": {"en": "{count} case(s)", "fr": "{count} cas"},
    "library.none": {
        "en": "No case matches. Try other words or fewer tags.",
        "fr": "Aucun cas ne correspond. Essayez d'autres mots ou moins d'étiquettes.",
    },
    "library.tag.scenario": {"en": "Scenario", "fr": "Scénario"},
    "library.tag.sector": {"en": "Sector", "fr": "Secteur"},
    "library.tag.network": {"en": "Network", "fr": "Réseau"},
    "library.tag.severity": {"en": "Severity", "fr": "Gravité"},
    "library.col.title": {"en": "Case", "fr": "Cas"},
    "library.col.tags": {"en": "Tags", "fr": "Étiquettes"},
    "library.col.lang": {"en": "Language", "fr": "Langue"},
    "library.col.where": {"en": "Visibility", "fr": "Visibilité"},
    "library.col.score": {"en": "Score", "fr": "Score"},
    "library.commons": {"en": "commons", "fr": "fonds commun"},
    "library.private": {
        "en": "private to your organisation",
        "fr": "privé à votre organisation",
    },
    "library.back": {"en": "Case library", "fr": "Cas d'école"},
    "library.lang.en": {"en": "English", "fr": "anglais"},
    "library.lang.fr": {"en": "French", "fr": "français"},
    "library.bad_lang": {"en": "language must be en or fr", "fr": "la langue doit être en ou fr"},
    "library.need_cm": {
        "en": "Drafting a case study needs the CM role.",
        "fr": "Rédiger un cas d'école demande le rôle CM.",
    },
    "library.draft.title": {
        "en": "Case study of incident #{id}",
        "fr": "Cas d'école de l'incident n° {id}",
    },
    "library.draft.intro": {
        "en": "The post-mortem is drafted from the incident and its decision log, then "
        "anonymised. It stays private to your organisation: you check every replacement "
        "before sharing it.",
        "fr": "Le retour d'expérience est rédigé d'après l'incident et son journal des "
        "décisions, puis anonymisé. Il reste privé à votre organisation : vous vérifiez "
        "chaque remplacement avant de le partager.",
    },
    "library.draft.lang": {"en": "Language of the case", "fr": "Langue du cas"},
    "library.draft.brands": {"en": "Brand and product names", "fr": "Noms de marque et de produit"},
    "library.draft.brands_help": {
        "en": "Separated by commas; replaced everywhere (with the settings' brands).",
        "fr": "Séparés par des virgules ; remplacés partout (avec ceux des réglages).",
    },
    "library.draft.submit": {"en": "Draft and preview", "fr": "Rédiger et prévisualiser"},
    "library.preview.link": {
        "en": "Preview the replacements and share to the commons",
        "fr": "Voir les remplacements et partager au fonds commun",
    },
    "library.preview.title": {
        "en": "Preview of case #{id}",
        "fr": "Aperçu du cas n° {id}",
    },
    "library.preview.intro": {
        "en": "{count} replacement(s). Only your organisation sees this page: the originals "
        "never leave it.",
        "fr": "{count} remplacement(s). Seule votre organisation voit cette page : les "
        "originaux n'en sortent jamais.",
    },
    "library.preview.final": {
        "en": "The case as it will be shared",
        "fr": "Le cas tel qu'il sera partagé",
    },
    "library.preview.caption": {
        "en": "Every replacement: kind, original → replacement, where",
        "fr": "Chaque remplacement : type, original → remplacement, où",
    },
    "library.preview.where": {"en": "where", "fr": "où"},
    "library.preview.left_title": {
        "en": "Personal data still found",
        "fr": "Données personnelles encore trouvées",
    },
    "library.share.confirm": {
        "en": "I checked every replacement above and nothing identifies a person or the brand",
        "fr": "J'ai vérifié chaque remplacement ci-dessus et rien n'identifie une personne "
        "ou la marque",
    },
    "library.share.submit": {"en": "Share to the commons", "fr": "Partager au fonds commun"},
    "library.share.already": {
        "en": "This case is in the commons.",
        "fr": "Ce cas est dans le fonds commun.",
    },
    "library.share.need_confirm": {
        "en": "confirm that you checked the preview before sharing",
        "fr": "confirmez avoir vérifié l'aperçu avant de partager",
    },
    "library.share.pii_left": {
        "en": "case #{id} still holds personal data ({kind} in {where}): it cannot be shared",
        "fr": "le cas n° {id} contient encore des données personnelles ({kind} dans "
        "{where}) : il ne peut pas être partagé",
    },
    "library.shared": {
        "en": "Case #{id} is now in the commons.",
        "fr": "Le cas n° {id} est maintenant dans le fonds commun.",
    },
    "library.already_shared": {
        "en": "Case #{id} was already in the commons.",
        "fr": "Le cas n° {id} était déjà dans le fonds commun.",
    },
    "library.private_case": {
        "en": "case #{id} is private to its organisation: share it first (vigile case share {id})",
        "fr": "le cas n° {id} est privé à son organisation : partagez-le d'abord (vigile "
        "case share {id})",
    },
    "library.no_org": {"en": "no organisation '{slug}'", "fr": "aucune organisation « {slug} »"},
    "cases.sign.signed": {
        "en": "Signed with key {fingerprint}",
        "fr": "Signé avec la clé {fingerprint}",
    },
    "cases.sign.verified": {
        "en": "Signature verified: key {fingerprint}",
        "fr": "Signature vérifiée : clé {fingerprint}",
    },
    "cases.sign.unsigned": {
        "en": "Unsigned bundle (format version 1): its origin is not proven",
        "fr": "Lot non signé (format version 1) : son origine n'est pas prouvée",
    },
    "cases.sign.missing": {
        "en": "missing: the bundle is not signed, but a signature is required",
        "fr": "absente : le lot n'est pas signé, or une signature est exigée",
    },
    "cases.sign.algorithm": {
        "en": "unknown signature algorithm {found} (this Vigile checks ed25519)",
        "fr": "algorithme de signature inconnu {found} (ce Vigile vérifie ed25519)",
    },
    "cases.sign.malformed": {
        "en": "malformed signature or public key (base64 expected)",
        "fr": "signature ou clé publique mal formée (base64 attendu)",
    },
    "cases.sign.fingerprint": {
        "en": "the fingerprint is not the public key's",
        "fr": "l'empreinte n'est pas celle de la clé publique",
    },
    "cases.sign.invalid": {
        "en": "bad signature: the bundle was altered after it was signed",
        "fr": "signature invalide : le lot a été modifié après sa signature",
    },
    "cases.sign.untrusted": {
        "en": "signed by key {fingerprint}, which is not among your trusted keys",
        "fr": "signé par la clé {fingerprint}, qui n'est pas parmi vos clés de confiance",
    },
    "cases.sign.bad_trusted": {
        "en": "{path}: a fingerprint is 64 hexadecimal characters",
        "fr": "{path} : une empreinte fait 64 caractères hexadécimaux",
    },
    "check.similar_case": {
        "en": 'Close to past case #{ref} "{title}" ({tags}; similarity {similarity})',
        "fr": "Proche du cas d'école n° {ref} « {title} » ({tags} ; similarité {similarity})",
    },
    "check.similar_case.fix": {
        "en": "What its authors would change: {change}",
        "fr": "Ce que ses auteurs changeraient : {change}",
    },
}
