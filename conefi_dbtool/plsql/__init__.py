"""The project's own Oracle SQL and PL/SQL front end.

`lexer` turns any text into tokens that concatenate back to it (one token type for the
splitter, normalisation, lint, grants usage and the DDL parser); `parser.parse` reads a
unit's significant tokens into the typed syntax tree of `tree` and the syntax errors
Oracle would report. The parser is one module per concept: `cursor` (position, errors,
recovery), `expressions`, `sql` (queries and DML), `statements` (PL/SQL), `ddl`.
"""
