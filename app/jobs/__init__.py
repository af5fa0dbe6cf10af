"""Long runs as jobs (POST /api/runs): a run trained in a thread of its own and saved when it ends,
followed from any worker through the database (app.db.jobs). service.py is this process's jobs
and the way to everyone's."""
