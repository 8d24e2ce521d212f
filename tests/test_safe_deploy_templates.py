"""Template fixes of #16 item 5: texts cut in PL/SQL before binding; the queue sequence ORDER."""

from __future__ import annotations

import re

from conefi_dbtool.config import DATABASES, Project
from conefi_dbtool.migrations.planner import PlanOptions
from conefi_dbtool.migrations.run import sql_script
from conefi_dbtool.render import render_target

# A parameter cut inside a SQL statement: bound first at full length (ORA-01461 above 4000
# bytes). Allowed only where PL/SQL evaluates it: an assignment or a named argument.
_CUT_IN_SQL = re.compile(r"(?<!:= )(?<!=> )SUBSTRB\(p_\w+", re.I)


def test_no_parameter_is_cut_inside_sql(project: Project) -> None:
    result = render_target(project, project.target("example"))
    bodies = {o.id.name: o.text for o in result.objects if o.id.type == "package_body"}
    assert {"PKG_CONEFI_FILA", "PKG_CONEFI_JOB"} <= set(bodies)
    for name, text in bodies.items():
        assert not _CUT_IN_SQL.search(text), name
    fila = bodies["PKG_CONEFI_FILA"]
    marcar = fila[fila.index("PROCEDURE p_marcar"):fila.index("END p_marcar")]
    assert "v_obs VARCHAR2(4000) := SUBSTRB(p_obs, 1, 4000);" in marcar
    assert "q.INTDC_DES_OBS = v_obs" in marcar
    assert "l.INTLC_DES_ERRO = v_erro" in bodies["PKG_CONEFI_JOB"]


def test_the_cut_pattern_catches_a_cut_in_sql() -> None:
    assert _CUT_IN_SQL.search("SET q.INTDC_DES_OBS = SUBSTRB(p_obs, 1, 4000)")
    assert not _CUT_IN_SQL.search("v_obs VARCHAR2(4000) := SUBSTRB(p_obs, 1, 4000);")


def test_the_queue_sequence_is_ordered_and_existing_ones_are_altered(project: Project) -> None:
    target = project.target("example")
    seq = next(o for o in render_target(project, target).objects if o.id.name == "S_INTGRA_DADOS_CONEFI")
    assert "\n  ORDER\n" in seq.text
    script = sql_script(project, target, "upgrade", "0005_11aa5f:0006_bba1f5", DATABASES, PlanOptions())
    assert "order_flag = 'N'" in script and '"S_INTGRA_DADOS_CONEFI" ORDER' in script
    back = sql_script(project, target, "downgrade", "0006_bba1f5:0005_11aa5f", DATABASES, PlanOptions())
    assert '"S_INTGRA_DADOS_CONEFI" NOORDER' in back
