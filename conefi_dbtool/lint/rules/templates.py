"""Template rules (TPL): what a Jinja template must take from config, not write literally."""

from __future__ import annotations

import re
from collections.abc import Iterator

from conefi_dbtool.findings import Severity
from conefi_dbtool.lint.rules.base import Fact, TemplateFacts, TemplateRule
from conefi_dbtool.lint.sqltext import QIDENT, STRING, WORD, string_value, tokenize
from conefi_dbtool.lint.units import Hit

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


class LiteralSchema(TemplateRule):
    """a configured schema name written literally in a template instead of taken from config

    Every `.sql.j2` (macros included) is checked outside Jinja (`{{ }}`, `{% %}`, `{# #}`)
    and outside SQL comments: a word equal to one of the target's configured schema names
    (`SIGA`, `SGU`, `CONEFI`), or a string literal equal to one or naming `SCHEMA.OBJECT`.
    Schemas differ between installations. Take names from config: `{{ obj.qualified }}`,
    `{{ obj.owner }}`, `{{ protheus('SE1') }}`, `{{ erp.schemas.sgu|ident }}`,
    `{{ erp.schemas.conefi|qname(integration.queue_table) }}`, `{{ ...|literal }}` for
    strings. A word that merely contains a schema name (`INTGRA_DADOS_CONEFI`) is fine.

    **Anti-pattern**

    ```sql
    CREATE OR REPLACE VIEW {{ obj.qualified }} AS
    SELECT q.INTQX_ID FROM CONEFI.INTGRA_QX q
    ```

    **Fix**

    ```sql
    CREATE OR REPLACE VIEW {{ obj.qualified }} AS
    SELECT q.INTQX_ID FROM {{ erp.schemas.conefi|qname('INTGRA_QX') }} q
    ```
    """

    code = "TPL001"
    name = "literal-schema"
    severity = Severity.ERROR
    needs = frozenset({Fact.TEMPLATE})

    def check(self, template: TemplateFacts) -> Iterator[Hit]:
        names = {s.upper() for s in template.schemas if s}
        if not names:
            return
        sql = _JINJA.sub(_blank, template.text)
        qualified = re.compile(
            r"(?<![\w$#])(" + "|".join(re.escape(n) for n in sorted(names)) + r")\s*\.\s*[A-Za-z\"]")
        for t in tokenize(sql):
            if t.kind in (WORD, QIDENT) and t.name in names:
                yield self.hit(t.line, t.column,
                               f"schema {t.name} written literally: take it from config "
                               "(obj.owner, protheus(...), or erp.schemas.<key>|ident)")
            elif t.kind == STRING:
                value = string_value(t).strip()
                if value.upper() in names or qualified.search(value.upper()):
                    yield self.hit(t.line, t.column,
                                   f"schema name written literally in the string {t.text[:40]}: "
                                   "build it from config (|literal)")
