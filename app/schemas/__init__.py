"""The wire models: every request and response of the REST API, the websocket's messages
and the CLI's config file, one module per concept (pydantic only; no HTTP, no database):

    base      the strict request base, Problem (every 4xx body), the server's health
    choices   the catalogue-built parts: model, optimizer, schedule, and the names of each kind
    data      data sets, uploads and their preparation, raw points
    train     the run spec on the wire (ObjectiveRequest, TrainRequest), its changes and events,
              and the history a run answers with
    analysis  gradients, gradient checks, loss surfaces, decision maps, the network's units
    live      the websocket's messages (LiveConfig, start, set, pause, ...)
    saved     saved runs and jobs
    catalogue the catalogue (GET /api/catalogue)
    limits    how a field names the setting that caps it, and the OpenAPI schema's statement of it

A lesson's own request and response models live in its folder (app/lessons/<slug>/schemas.py).
Import from the module that declares a model: nothing is re-exported here, so importing one
concept loads only what it needs.
"""
