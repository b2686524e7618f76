"""The communication service's cards on the home page (das.views.home.register_home_section)."""
