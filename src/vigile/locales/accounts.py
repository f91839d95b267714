"""Messages of accounts, roles, organisations, login and API tokens."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "accounts.bad_email": {"en": "not an e-mail address", "fr": "adresse e-mail invalide"},
    "accounts.short_password": {
        "en": "the password needs at least {min} characters",
        "fr": "le mot de passe doit avoir au moins {min} caractères",
    },
    "accounts.bad_org_name": {
        "en": "an organisation name needs letters or digits",
        "fr": "un nom d'organisation doit contenir des lettres ou des chiffres",
    },
    "accounts.org_exists": {
        "en": "organisation '{org}' already exists",
        "fr": "l'organisation '{org}' existe déjà",
    },
    "accounts.no_org": {"en": "no organisation '{org}'", "fr": "aucune organisation '{org}'"},
    "accounts.no_page": {"en": "no page '{page}'", "fr": "aucune page '{page}'"},
    "accounts.user_exists": {
        "en": "a user with this e-mail already exists",
        "fr": "un utilisateur avec cette adresse existe déjà",
    },
    "accounts.no_user": {
        "en": "no user with this e-mail",
        "fr": "aucun utilisateur avec cette adresse",
    },
    "accounts.bad_role": {
        "en": "unknown role: choose one of {roles}",
        "fr": "rôle inconnu : choisir parmi {roles}",
    },
    "accounts.not_member": {
        "en": "the user is not a member of this organisation",
        "fr": "l'utilisateur n'est pas membre de cette organisation",
    },
    "accounts.org_added": {
        "en": "organisation '{name}' added (slug {slug})",
        "fr": "organisation '{name}' ajoutée (identifiant {slug})",
    },
    "accounts.user_added": {
        "en": "user {email} added as {role} of {org}",
        "fr": "utilisateur {email} ajouté comme {role} de {org}",
    },
    "accounts.password_once": {
        "en": "password (shown once, write it down): {password}",
        "fr": "mot de passe (affiché une seule fois, notez-le) : {password}",
    },
    "accounts.password_changed": {
        "en": "password changed; sessions opened with the old one are closed",
        "fr": "mot de passe changé ; les sessions ouvertes avec l'ancien sont fermées",
    },
    "accounts.password_prompt": {"en": "New password", "fr": "Nouveau mot de passe"},
    "accounts.token_once": {
        "en": "API token '{name}' (shown once, store it safely): {token}",
        "fr": "jeton d'API '{name}' (affiché une seule fois, gardez-le en lieu sûr) : {token}",
    },
    "accounts.member_set": {
        "en": "{email} is now {role} of {org}",
        "fr": "{email} est maintenant {role} de {org}",
    },
    "accounts.page_moved": {
        "en": "page {page} now belongs to {org}",
        "fr": "la page {page} appartient maintenant à {org}",
    },
    "accounts.first_user": {
        "en": "No user can log in yet: vigile user add EMAIL --name NAME --role admin "
        "--org default",
        "fr": "Personne ne peut encore se connecter : vigile user add EMAIL --name NOM "
        "--role admin --org default",
    },
    "accounts.no_token": {"en": "no API token {id}", "fr": "aucun jeton d'API {id}"},
    "accounts.token_revoked": {
        "en": "API token {id} revoked",
        "fr": "jeton d'API {id} révoqué",
    },
    "accounts.user_active": {
        "en": "{email} can log in again",
        "fr": "{email} peut de nouveau se connecter",
    },
    "accounts.user_disabled": {
        "en": "{email} is disabled: sessions and tokens stop working",
        "fr": "{email} est désactivé : sessions et jetons ne fonctionnent plus",
    },
    "accounts.no_users": {"en": "no users yet", "fr": "aucun utilisateur pour l'instant"},
    "accounts.inactive": {"en": "inactive", "fr": "inactif"},
    "auth.login_title": {"en": "Log in", "fr": "Connexion"},
    "auth.email": {"en": "E-mail", "fr": "Adresse e-mail"},
    "auth.password": {"en": "Password", "fr": "Mot de passe"},
    "auth.submit": {"en": "Log in", "fr": "Se connecter"},
    "auth.logout": {"en": "Log out", "fr": "Se déconnecter"},
    "auth.failed": {
        "en": "Wrong e-mail or password.",
        "fr": "Adresse e-mail ou mot de passe incorrect.",
    },
    "auth.rate_limited": {
        "en": "Too many failed attempts from this connection. Wait a few minutes before "
        "trying again.",
        "fr": "Trop de tentatives échouées depuis cette connexion. Attendez quelques minutes "
        "avant de réessayer.",
    },
    "auth.required": {"en": "Log in first.", "fr": "Connectez-vous d'abord."},
    "auth.bad_token": {
        "en": "This API token is not valid.",
        "fr": "Ce jeton d'API n'est pas valable.",
    },
    "auth.csrf": {
        "en": "This form expired or did not come from Vigile: reload the page and try again.",
        "fr": "Ce formulaire a expiré ou ne vient pas de Vigile : rechargez la page et réessayez.",
    },
    "auth.forbidden": {
        "en": "Your role ({role}) does not allow this; it needs {needed} or above.",
        "fr": "Votre rôle ({role}) ne le permet pas ; il faut {needed} ou plus.",
    },
    "role.admin": {"en": "admin", "fr": "administrateur"},
    "role.manager": {"en": "manager", "fr": "responsable"},
    "role.cm": {"en": "community manager", "fr": "community manager"},
    "role.viewer": {"en": "viewer", "fr": "lecture seule"},
    "auth.organisation": {"en": "Organisation", "fr": "Organisation"},
    "auth.switch": {"en": "Switch", "fr": "Changer"},
    "auth.signed_in_as": {"en": "{name} ({role})", "fr": "{name} ({role})"},
    "auth.no_membership": {
        "en": "Your account belongs to no organisation: ask an admin.",
        "fr": "Votre compte n'appartient à aucune organisation : demandez à un administrateur.",
    },
    "auth.ack_alert": {"en": "Acknowledge", "fr": "Accuser réception"},
    "auth.acknowledged": {"en": "acknowledged", "fr": "réception accusée"},
    "demo.login": {
        "en": "Log in at {url} as {email} with password {password} (also in {file})",
        "fr": "Connectez-vous sur {url} avec {email} et le mot de passe {password} "
        "(aussi dans {file})",
    },
}
