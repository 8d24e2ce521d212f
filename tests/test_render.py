from __future__ import annotations

from pathlib import Path

import pytest
from helpers import make_project

from conefi_dbtool.errors import RenderError
from conefi_dbtool.objects import ObjectId
from conefi_dbtool.render import render_target


def render(tmp_path: Path, templates: dict[str, str], extra: str = ""):  # type: ignore[no-untyped-def]
    project, target = make_project(tmp_path, templates, extra)
    return render_target(project, target)


T = "erp/conefi/view/V_X.sql.j2"


def test_identity_comes_from_the_path_and_config(tmp_path: Path) -> None:
    result = render(tmp_path, {T: "CREATE OR REPLACE VIEW {{ obj.qualified }} AS SELECT 1 x FROM dual;\n"},
                    '[targets.example.erp.schemas]\nconefi = "conefi_hml"\n')
    (obj,) = result.objects
    assert obj.id == ObjectId("erp", "CONEFI_HML", "view", "V_X")
    assert obj.text == "CREATE OR REPLACE VIEW CONEFI_HML.V_X AS SELECT 1 x FROM dual;\n"


@pytest.mark.parametrize(
    "expr",
    [
        "{{ erp.tablespaces.default }}",
        "{{ erp.tablespaces.default|upper }}",
        "{{ erp.tablespaces.default ~ '_X' }}",
        "{{ integration.events|map(attribute='kind')|join(',') }}",
        "{{ '%s'|format(erp.schemas.siga) }}",
        "{{ erp.schemas }}",
    ],
)
def test_config_value_without_filter_is_a_render_error(tmp_path: Path, expr: str) -> None:
    extra = '[[targets.example.integration.events]]\nkind = "REC"\naction = "PGO"\n'
    with pytest.raises(RenderError) as info:
        render(tmp_path, {T: "CREATE OR REPLACE VIEW {{ obj.qualified }} AS\n"
                             f"SELECT 1 x FROM {expr};\n"}, extra)
    assert info.value.template == T
    assert info.value.line == 2
    assert "reached the SQL" in str(info.value) or "cannot be written" in str(info.value)


def test_bare_string_and_boolean_are_refused(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="bare string"):
        render(tmp_path, {T: "{% set s = 'a' %}{% set t = s + 'b' %}{{ t }};\n"})
    with pytest.raises(RenderError, match="boolean"):
        render(tmp_path, {T: "{{ target.scratch }};\n"})


def test_literal_filter_escapes_injection_attempts(tmp_path: Path) -> None:
    extra = "[targets.example.sgu2]\nerp_link_using = \"x'; DROP USER X; --\"\n"
    result = render(tmp_path, {T: "SELECT {{ sgu2.erp_link_using|literal }} FROM dual;\n"}, extra)
    assert result.objects[0].text == "SELECT 'x''; DROP USER X; --' FROM dual;\n"


def test_ident_filter_refuses_a_configured_string_that_is_not_an_identifier(tmp_path: Path) -> None:
    extra = '[targets.example.sgu2]\nerp_link_using = "SIGA; DROP USER X"\n'
    with pytest.raises(RenderError, match=r"config value sgu2.erp_link_using: invalid Oracle"):
        render(tmp_path, {T: "SELECT 1 FROM {{ sgu2.erp_link_using|ident }};\n"}, extra)


def test_literal_refuses_newlines_from_config(tmp_path: Path) -> None:
    extra = '[targets.example.sgu2]\nerp_link_using = "a\\n/\\nDROP USER X"\n'
    with pytest.raises(RenderError, match="line break"):
        render(tmp_path, {T: "SELECT {{ sgu2.erp_link_using|literal }} FROM dual;\n"}, extra)


def test_undefined_variable_names_template_line(tmp_path: Path) -> None:
    with pytest.raises(RenderError) as info:
        render(tmp_path, {T: "SELECT 1\nFROM {{ nope|ident }};\n"})
    assert (info.value.template, info.value.line) == (T, 2)
    assert "undefined" in str(info.value)


def test_syntax_error_names_template_line(tmp_path: Path) -> None:
    with pytest.raises(RenderError) as info:
        render(tmp_path, {T: "SELECT 1\n{% if %}\n"})
    assert (info.value.template, info.value.line) == (T, 2)


def test_numbers_and_helpers_render(tmp_path: Path) -> None:
    result = render(tmp_path, {T: "SELECT {{ schedule.hour }}, {{ protheus('SE1') }} FROM dual;\n"})
    assert result.objects[0].text == "SELECT 5, SIGA.SE1030 FROM dual;\n"


@pytest.mark.parametrize(
    ("rel", "message"),
    [
        ("erp/conefi/V_X.sql.j2", "template path must be"),
        ("erp/conefi/widget/V_X.sql.j2", "unknown object type folder"),
        ("mars/conefi/view/V_X.sql.j2", "unknown database folder"),
        ("erp/nobody/view/V_X.sql.j2", "owner folder 'nobody'"),
        ("erp/conefi/view/1X.sql.j2", "object name from file name"),
    ],
)
def test_bad_template_paths(tmp_path: Path, rel: str, message: str) -> None:
    with pytest.raises(RenderError, match=message):
        render(tmp_path, {rel: "SELECT 1 FROM dual;\n"})


def test_empty_render_skips_the_object_and_macros_are_not_objects(tmp_path: Path) -> None:
    result = render(tmp_path, {
        T: "{% if integration.trigger_owner == 'sgu' %}SELECT 1 FROM dual;{% endif %}\n",
        "erp/conefi/view/V_Y.sql.j2": "{% from '_macros/m.sql.j2' import m %}{{ m() }}\n",
        "_macros/m.sql.j2": "{% macro m() %}SELECT 2 FROM dual;{% endmacro %}",
    })
    assert [o.id.name for o in result.objects] == ["V_Y"]
    assert result.objects[0].text == "SELECT 2 FROM dual;\n"


def test_dependency_order_and_cycles(tmp_path: Path) -> None:
    result = render(tmp_path, {
        "erp/conefi/view/V_A.sql.j2": "{#\ndepends: erp/conefi/view/V_B\n#}\nSELECT 1 FROM dual;\n",
        "erp/conefi/view/V_B.sql.j2": "SELECT 1 FROM dual;\n",
        "erp/conefi/table/T_Z.sql.j2": "{#\npurpose: a table\n#}\nSELECT 1 FROM dual;\n",
    })
    assert [o.id.name for o in result.objects] == ["T_Z", "V_B", "V_A"]
    assert result.objects[0].purpose == "a table"
    with pytest.raises(RenderError, match="dependency cycle"):
        render(tmp_path / "c", {
            "erp/conefi/view/V_A.sql.j2": "{#\ndepends: erp/conefi/view/V_B\n#}\nSELECT 1 FROM dual;\n",
            "erp/conefi/view/V_B.sql.j2": "{#\ndepends: erp/conefi/view/V_A\n#}\nSELECT 1 FROM dual;\n",
        })
    with pytest.raises(RenderError, match="depends on unknown object"):
        render(tmp_path / "d", {
            "erp/conefi/view/V_A.sql.j2": "{#\ndepends: erp/conefi/view/V_NOPE\n#}\nSELECT 1 FROM dual;\n",
        })


def test_a_depends_pattern_adds_its_matches_sorted_after_the_listed_ones(tmp_path: Path) -> None:
    view = "SELECT 1 FROM dual;\n"
    result = render(tmp_path, {
        "erp/conefi/view/V_C.sql.j2": view,
        "erp/conefi/view/V_A.sql.j2": view,
        "erp/conefi/view/V_B.sql.j2": view,
        "erp/conefi/package_body/P.sql.j2":
            "{#\ndepends: erp/conefi/view/V_C, erp/conefi/view/*\n#}\nSELECT 1 FROM dual;\n",
    })
    (body,) = [o for o in result.objects if o.id.name == "P"]
    assert [d.name for d in body.depends] == ["V_C", "V_A", "V_B"]
    with pytest.raises(RenderError, match="depends pattern 'erp/conefi/view/V_Z\\*' matches no template"):
        render(tmp_path / "e", {
            "erp/conefi/view/V_A.sql.j2": "{#\ndepends: erp/conefi/view/V_Z*\n#}\nSELECT 1 FROM dual;\n",
        })


def test_output_is_normalised_and_mapped_to_template_lines(tmp_path: Path) -> None:
    src = (
        "{#\npurpose: x\n#}\n"          # lines 1-3
        "CREATE OR REPLACE VIEW {{ obj.qualified }} AS   \r\n"  # 4 (trailing blanks, CRLF)
        "\n\n\n"                          # 5-7 collapse to one blank
        "{% for e in integration.events %}\n"  # 8
        "SELECT {{ e.kind|literal }} k FROM dual UNION ALL\n"  # 9
        "{% endfor %}\n"                  # 10
        "SELECT 'x' k FROM dual;\n"       # 11
    )
    extra = ('[[targets.example.integration.events]]\nkind = "REC"\naction = "PGO"\n'
             '[[targets.example.integration.events]]\nkind = "PAG"\naction = "IGNORE"\n')
    obj = render(tmp_path, {T: src}, extra).objects[0]
    assert obj.text == (
        "CREATE OR REPLACE VIEW CONEFI.V_X AS\n\n"
        "SELECT 'REC' k FROM dual UNION ALL\n"
        "SELECT 'PAG' k FROM dual UNION ALL\n"
        "SELECT 'x' k FROM dual;\n"
    )
    assert [s.line if s else None for s in obj.line_map] == [4, 5, 9, 9, 11]
    assert obj.source_of(3).template == T  # type: ignore[union-attr]


def test_rendering_is_deterministic(tmp_path: Path, project) -> None:  # type: ignore[no-untyped-def]
    target = project.target("example")
    a = render_target(project, target)
    b = render_target(project, target)
    assert [(o.id, o.text) for o in a.objects] == [(o.id, o.text) for o in b.objects]
    for o in a.objects:
        assert "\r" not in o.text
        assert all(line == line.rstrip() for line in o.text.splitlines())
        assert o.text.endswith("\n")


def test_qname_filter_validates_every_part(tmp_path: Path) -> None:
    result = render(tmp_path, {T: "SELECT 1 FROM {{ erp.schemas.sgu|qname(integration.event_table) }};\n"})
    assert result.objects[0].text == "SELECT 1 FROM SGU.INTGRA_RET_ERP;\n"
    with pytest.raises(RenderError, match="invalid Oracle identifier"):
        render(tmp_path / "b", {T: "SELECT 1 FROM {{ 'SGU.X Y'|qname }};\n"})
