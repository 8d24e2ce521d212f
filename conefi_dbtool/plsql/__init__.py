"""The project's own Oracle SQL and PL/SQL front end.

`lexer` turns any text into tokens that concatenate back to it (one token type for the
splitter, normalisation, lint, grants usage and the DDL parser); the recursive-descent
parser builds on its token stream.
"""
