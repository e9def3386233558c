"""Models for this app; see DOMAIN.md."""
