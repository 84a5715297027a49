"""Models of the oversight app, one module per area (imported here so Django finds them)."""
