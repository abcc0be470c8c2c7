"""Story analysis beyond the summary: agreement, conflicts and the names a story is about."""
