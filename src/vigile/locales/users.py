"""Messages of user management, invitations, password reset and "my account"."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "users.name_required": {"en": "a name is required", "fr": "un nom est obligatoire"},
    "users.bad_language": {"en": "language: en or fr", "fr": "langue : en ou fr"},
    "users.bad_timezone": {
        "en": "unknown time zone '{zone}': give an IANA name such as Europe/Paris",
        "fr": "fuseau horaire inconnu '{zone}' : donnez un nom IANA comme Europe/Paris",
    },
    "users.wrong_password": {
        "en": "the current password is not right",
        "fr": "le mot de passe actuel n'est pas le bon",
    },
    "users.passwords_differ": {
        "en": "the two passwords differ",
        "fr": "les deux mots de passe sont différents",
    },
    "users.no_member": {
        "en": "no member {id} in this organisation",
        "fr": "aucun membre {id} dans cette organisation",
    },
    "users.last_admin": {
        "en": "the organisation must keep at least one active admin",
        "fr": "l'organisation doit garder au moins un admin actif",
    },
    "users.already_member": {
        "en": "this person is already a member of the organisation",
        "fr": "cette personne est déjà membre de l'organisation",
    },
    "users.no_invitation": {
        "en": "no pending invitation {id}",
        "fr": "aucune invitation {id} en attente",
    },
    "users.invitation_invalid": {
        "en": "This invitation link is not valid: it was used, revoked or has expired. "
        "Ask an admin for a new one.",
        "fr": "Ce lien d'invitation n'est pas valable : il a déjà servi, a été révoqué ou "
        "a expiré. Demandez-en un nouveau à un admin.",
    },
    "users.account_exists": {
        "en": "an account uses this e-mail: log in, then open the link again",
        "fr": "un compte utilise cette adresse : connectez-vous puis rouvrez le lien",
    },
    "users.invitation_other_email": {
        "en": "this invitation was sent to another e-mail address",
        "fr": "cette invitation a été envoyée à une autre adresse",
    },
    "users.reset_invalid": {
        "en": "This link is not valid: it was used or has expired. Ask for a new one.",
        "fr": "Ce lien n'est pas valable : il a déjà servi ou a expiré. Demandez-en un autre.",
    },
    "users.invite_subject": {
        "en": "Invitation to {org} on Vigile",
        "fr": "Invitation à rejoindre {org} sur Vigile",
    },
    "users.invite_body": {
        "en": "Hello,\n\n{inviter} invites you to join {org} on Vigile as {role}.\n\n"
        "Choose your name and password here (the link works once, until {expires}):\n"
        "{link}\n\nIf you did not expect this message, ignore it.\n",
        "fr": "Bonjour,\n\n{inviter} vous invite à rejoindre {org} sur Vigile comme {role}.\n\n"
        "Choisissez votre nom et votre mot de passe ici (le lien sert une fois, "
        "jusqu'au {expires}) :\n{link}\n\nSi vous n'attendiez pas ce message, ignorez-le.\n",
    },
    "users.reset_subject": {
        "en": "Reset your Vigile password",
        "fr": "Réinitialiser votre mot de passe Vigile",
    },
    "users.reset_body": {
        "en": "Hello,\n\nSomeone (hopefully you) asked to reset the password of this account. "
        "Choose a new one here (the link works once, within an hour):\n{link}\n\n"
        "If you did not ask, ignore this message: your password stays as it is.\n",
        "fr": "Bonjour,\n\nQuelqu'un (vous, espérons-le) a demandé à réinitialiser le mot de "
        "passe de ce compte. Choisissez-en un nouveau ici (le lien sert une fois, pendant "
        "une heure) :\n{link}\n\nSi vous n'avez rien demandé, ignorez ce message : votre "
        "mot de passe reste le même.\n",
    },
    "users.nav": {"en": "Users", "fr": "Utilisateurs"},
    "users.title": {"en": "Users of {org}", "fr": "Utilisateurs de {org}"},
    "users.members": {"en": "Members", "fr": "Membres"},
    "users.email": {"en": "E-mail", "fr": "E-mail"},
    "users.name": {"en": "Name", "fr": "Nom"},
    "users.role": {"en": "Role", "fr": "Rôle"},
    "users.role_of": {"en": "Role of {name}", "fr": "Rôle de {name}"},
    "users.last_login": {"en": "Last login", "fr": "Dernière connexion"},
    "users.never": {"en": "never", "fr": "jamais"},
    "users.status": {"en": "Status", "fr": "Statut"},
    "users.actions": {"en": "Actions", "fr": "Actions"},
    "users.active": {"en": "active", "fr": "actif"},
    "users.disabled": {"en": "disabled", "fr": "désactivé"},
    "users.change_role": {"en": "Change role", "fr": "Changer le rôle"},
    "users.disable": {"en": "Disable", "fr": "Désactiver"},
    "users.enable": {"en": "Enable", "fr": "Réactiver"},
    "users.remove": {"en": "Remove from organisation", "fr": "Retirer de l'organisation"},
    "users.invite_title": {"en": "Invite someone", "fr": "Inviter quelqu'un"},
    "users.invite_button": {"en": "Send the invitation", "fr": "Envoyer l'invitation"},
    "users.mail_language": {"en": "Language of the e-mail", "fr": "Langue de l'e-mail"},
    "users.pending": {"en": "Pending invitations", "fr": "Invitations en attente"},
    "users.expires": {"en": "Expires", "fr": "Expire"},
    "users.invited_by": {"en": "Invited by", "fr": "Invité par"},
    "users.revoke": {"en": "Revoke", "fr": "Révoquer"},
    "users.no_pending": {"en": "No pending invitation.", "fr": "Aucune invitation en attente."},
    "users.invited": {
        "en": "Invitation e-mailed to {email}.",
        "fr": "Invitation envoyée par e-mail à {email}.",
    },
    "users.link_once": {
        "en": "No mail server is configured: give this link to {email} yourself. "
        "It is shown only once.",
        "fr": "Aucun serveur de messagerie n'est configuré : transmettez ce lien vous-même "
        "à {email}. Il n'est affiché qu'une fois.",
    },
    "users.mail_failed": {
        "en": "The e-mail could not be sent ({error}): give this link to {email} yourself. "
        "It is shown only once.",
        "fr": "L'e-mail n'a pas pu partir ({error}) : transmettez ce lien vous-même à {email}. "
        "Il n'est affiché qu'une fois.",
    },
    "users.invite_cli": {
        "en": "{email} invited to {org} as {role}; the link works once, until {expires}",
        "fr": "{email} invité·e dans {org} comme {role} ; le lien sert une fois, "
        "jusqu'au {expires}",
    },
    "users.invite_cli_sent": {"en": "invitation e-mailed", "fr": "invitation envoyée par e-mail"},
    "users.invite_cli_link": {
        "en": "link (shown once, pass it on yourself): {link}",
        "fr": "lien (affiché une seule fois, à transmettre vous-même) : {link}",
    },
    "users.invite_cli_failed": {
        "en": "the e-mail could not be sent: {error}",
        "fr": "l'e-mail n'a pas pu partir : {error}",
    },
    "account.nav": {"en": "My account", "fr": "Mon compte"},
    "account.title": {"en": "My account", "fr": "Mon compte"},
    "account.profile": {"en": "Profile", "fr": "Profil"},
    "account.language": {"en": "Preferred language", "fr": "Langue préférée"},
    "account.language_default": {"en": "Workspace default", "fr": "Celle de l'espace"},
    "account.timezone": {
        "en": "Time zone for dates (e.g. Europe/Paris; empty: the workspace's, {zone})",
        "fr": "Fuseau horaire des dates (ex. Europe/Paris ; vide : celui de l'espace, {zone})",
    },
    "account.save": {"en": "Save", "fr": "Enregistrer"},
    "account.saved": {"en": "Saved.", "fr": "Enregistré."},
    "account.password_title": {"en": "Change password", "fr": "Changer de mot de passe"},
    "account.current_password": {"en": "Current password", "fr": "Mot de passe actuel"},
    "account.new_password": {
        "en": "New password (at least {min} characters)",
        "fr": "Nouveau mot de passe (au moins {min} caractères)",
    },
    "account.repeat_password": {"en": "New password again", "fr": "Nouveau mot de passe, bis"},
    "account.password_changed": {
        "en": "Password changed; your other sessions are closed.",
        "fr": "Mot de passe changé ; vos autres sessions sont fermées.",
    },
    "account.tokens": {"en": "API tokens", "fr": "Jetons d'API"},
    "account.token_name": {"en": "What the token is for", "fr": "À quoi sert le jeton"},
    "account.token_create": {"en": "Create a token", "fr": "Créer un jeton"},
    "account.token_once": {
        "en": "Your new token (shown only once, store it safely):",
        "fr": "Votre nouveau jeton (affiché une seule fois, gardez-le en lieu sûr) :",
    },
    "account.organisation": {"en": "Organisation", "fr": "Organisation"},
    "account.created": {"en": "Created", "fr": "Créé"},
    "account.last_used": {"en": "Last used", "fr": "Dernier usage"},
    "account.no_tokens": {"en": "No API token.", "fr": "Aucun jeton d'API."},
    "account.revoke": {"en": "Revoke {name}", "fr": "Révoquer {name}"},
    "invite.title": {"en": "Join {org}", "fr": "Rejoindre {org}"},
    "invite.explain": {
        "en": "{inviter} invited {email} to join {org} as {role}.",
        "fr": "{inviter} a invité {email} à rejoindre {org} comme {role}.",
    },
    "invite.create": {"en": "Create my account", "fr": "Créer mon compte"},
    "invite.login_first": {
        "en": "An account already uses this e-mail: log in, then come back to this link.",
        "fr": "Un compte utilise déjà cette adresse : connectez-vous puis revenez sur ce lien.",
    },
    "invite.login": {"en": "Log in", "fr": "Se connecter"},
    "invite.join": {"en": "Join {org}", "fr": "Rejoindre {org}"},
    "invite.other_email": {
        "en": "You are logged in as {email}; this invitation is for another address. "
        "Log out, then open the link again.",
        "fr": "Vous êtes connecté·e comme {email} ; cette invitation est pour une autre "
        "adresse. Déconnectez-vous puis rouvrez le lien.",
    },
    "password.forgot_link": {"en": "Forgot your password?", "fr": "Mot de passe oublié ?"},
    "password.forgot_title": {"en": "Reset your password", "fr": "Réinitialiser le mot de passe"},
    "password.forgot_explain": {
        "en": "Enter your e-mail: if an account uses it, a link valid for one hour goes there.",
        "fr": "Saisissez votre e-mail : si un compte l'utilise, un lien valable une heure "
        "y sera envoyé.",
    },
    "password.send": {"en": "Send the link", "fr": "Envoyer le lien"},
    "password.sent": {
        "en": "If an account uses this address, a link to reset its password is on its way. "
        "It works once, within an hour.",
        "fr": "Si un compte utilise cette adresse, un lien pour réinitialiser son mot de passe "
        "est en route. Il sert une fois, pendant une heure.",
    },
    "password.no_mail": {
        "en": "This server cannot send e-mail: ask an admin to set a new password "
        "(vigile user passwd).",
        "fr": "Ce serveur ne peut pas envoyer d'e-mail : demandez à un admin de définir un "
        "nouveau mot de passe (vigile user passwd).",
    },
    "password.reset_title": {
        "en": "Choose a new password",
        "fr": "Choisir un nouveau mot de passe",
    },
    "password.set": {"en": "Set the password", "fr": "Définir le mot de passe"},
    "password.reset_done": {
        "en": "Your password is changed and every session is closed. Log in with it.",
        "fr": "Votre mot de passe est changé et toutes les sessions sont fermées. "
        "Connectez-vous avec.",
    },
}
