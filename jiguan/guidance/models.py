"""Django's model registry for the guidance app: each topic's models are imported here."""
