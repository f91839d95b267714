"""Connectors: one folder per network; vendor payloads become domain objects at this border.

Nothing outside this package sees a network's JSON: a connector yields `Harvest`s
(a `PostSnapshot` of domain objects plus the cursor to store once it is saved).
"""
