"""The web app and HTTP API over a store (the optional ``web`` extra: FastAPI, Jinja2).

``storyfuse.web.app.create_app(db_path)`` builds the app; ``storyfuse serve`` runs it with
uvicorn. Nothing here is imported by ``storyfuse`` itself, so the extra stays optional.

- ``settings.py``: ``WebSettings`` (tokens and request limits), read from the environment;
- ``app.py``: the factory, the body, URL and body-time limits, the security headers, and
  the error pages and JSON errors;
- ``server.py``: uvicorn for ``storyfuse serve``, with its connection limits;
- ``deps.py``: the shared request plumbing (the store per request, bearer tokens);
- ``views.py``: a brief's JSON and an article as the pages show them (citation links);
- ``inputs.py``: posted, pasted and uploaded reports into ``Article`` objects;
- ``models.py``: the API's request and response models;
- ``api.py``: the JSON API under ``/api/v1``; ``pages.py``: the HTML pages.
"""
