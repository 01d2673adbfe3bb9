"""Search: the query language, what is searched, the engine and its stored backend."""
