"""What a writer, consultant or translator does with a project, one package per feature:
queries, typed commands and the feature's command-line words."""
