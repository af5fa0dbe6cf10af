"""Who is asking: an identity for every browser, personal access tokens for scripts, and the
rules on who may act on what.

    identity.py    Identity (an id, and how it was shown: a cookie or a token), ADMIN
    secret.py      the server's secret key (GDVIZ_SECRET_KEY, else a file in the data directory)
    cookies.py     the signed identity cookie (itsdangerous), issued and read
    middleware.py  IdentityMiddleware: the identity of every request and websocket, a new one
                   for a browser's first page
    origin.py      OriginMiddleware (other sites are refused) and the CSRF double-submit cookie
    policy.py      who may read, change and list whose work

No database here: the people, tokens and transfer links are app.db.people's.
"""
