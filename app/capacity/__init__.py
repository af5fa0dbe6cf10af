"""How much the server does at once, and for whom: server-wide slots (slots.py) and the fair
queue that hands them out one person at a time (fair_queue.py). No HTTP here."""
