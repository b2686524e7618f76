"""The pages of the Suivi et évaluation service: its space (space.py) and the calls for projects (calls.py)."""
