"""The official reports (rapport mensuel, trimestriel, suivi trimestriel des ILDH, rapport semestriel des ILDH,
bilan annuel): each is a ReportDefinition (registry.py) for a Period (periods.py); its context is built once and
rendered both to PDF and to Excel, so the two files carry the same figures."""
