"""Models of the statistics app, one module per area (imported here so Django finds them)."""
