"""Who may act on whose work. Uploads, saved runs and jobs belong to their ``owner``.

* The owner may read, rename, delete and list them; so may the administrator (``ADMIN``), who
  also owns what was made before identities existed.
* A saved run is also readable by anyone who has its id (a shared link: ids are 128 random
  bits), never changeable by them.
* Nobody else learns that someone's upload or job exists: they get the same 404 as for nothing.

A later issue's teachers will act on their classes' work: ``may_act`` is where that goes.
"""

from __future__ import annotations

from app.identity.identity import Identity


def may_act(identity: Identity | None, owner: str) -> bool:
    """May ``identity`` read, change or delete something ``owner`` owns?"""
    return identity is not None and (identity.id == owner or identity.admin)


def listed_owner(identity: Identity) -> str | None:
    """Whose work ``identity``'s lists show: its own; everyone's for the administrator (None)."""
    return None if identity.admin else identity.id
