"""Settings: ``base`` (local and demo), ``production`` (behind HTTPS), ``test``."""
