"""Reading and cleaning: files to clean versions (reflow, evidence, body, splitting, segments)."""
