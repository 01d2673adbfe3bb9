"""The index: the database of files, versions and stories, and opening a corpus through it."""
