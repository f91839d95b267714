"""Message catalogues by feature: each module here exports `MESSAGES` (key → {en, fr}).

`vigile.i18n` merges them all, so a feature adds its strings in its own file.
"""
