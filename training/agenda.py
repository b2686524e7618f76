"""How the yearly training plan goes on the CPDH's agenda (see committees/agenda.py and projects/agenda.py)."""
