"""Developer tools that the installed package does not need (fitting the reading models)."""
