"""The catalogue of Oracle built-ins: it loads, covers what the project calls, answers arity,
named-parameter and overload questions, and refuses malformed entries in one line."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from conefi_dbtool.config import Project
from conefi_dbtool.errors import UsageError
from conefi_dbtool.plsql import builtins
from conefi_dbtool.plsql.builtins import (
    BUNDLED,
    IN,
    IN_OUT,
    OUT,
    Kind,
    bundled,
    load,
    parse_catalogue,
    parse_parameter,
    resolve,
    resolve_standard,
)
from conefi_dbtool.plsql.lexer import TokenKind, significant, tokenize
from conefi_dbtool.render import render_target

ROOT = Path(__file__).resolve().parents[2]
CALL = re.compile(r"\b(?:SYS\.)?((?:DBMS|UTL)_[A-Z0-9_]+)\.([A-Z][A-Z0-9_]*)\b", re.IGNORECASE)
BRIEF_PACKAGES = ("DBMS_SCHEDULER", "DBMS_LOCK", "DBMS_OUTPUT", "DBMS_UTILITY", "DBMS_LOB", "DBMS_SQL",
                  "DBMS_APPLICATION_INFO", "DBMS_METADATA", "UTL_RAW", "UTL_I18N", "DBMS_SESSION",
                  "DBMS_STATS")
# What the templates call unqualified (checked by hand against the rendered example target).
TEMPLATE_FUNCTIONS = ("UPPER", "TRIM", "NVL", "LENGTH", "SUBSTR", "SUBSTRB", "REGEXP_LIKE", "TO_NUMBER",
                      "TO_CHAR", "TO_DATE", "TRUNC", "ADD_MONTHS", "SYS_CONTEXT", "COUNT", "MAX", "MIN",
                      "ROW_NUMBER", "RPAD", "RTRIM", "GREATEST", "CHR", "RAWTOHEX", "SYS_GUID", "REPLACE",
                      "TO_TIMESTAMP_TZ", "SYSDATE", "SQLERRM", "RAISE_APPLICATION_ERROR")


def project_calls() -> set[tuple[str, str]]:
    """Every PACKAGE.MEMBER of a DBMS_/UTL_ package written in the project's templates, the
    tool's SQL strings and the releases."""
    files = [*ROOT.joinpath("templates").rglob("*.j2"), *ROOT.joinpath("conefi_dbtool").rglob("*.py"),
             *ROOT.joinpath("migrations", "versions").rglob("*.py")]
    return {(m.group(1).upper(), m.group(2).upper())
            for f in files for m in CALL.finditer(f.read_text(encoding="utf-8"))}


def test_the_bundled_catalogue_loads_with_every_package_of_the_brief() -> None:
    catalogue = builtins.bundled()
    assert set(BRIEF_PACKAGES) <= set(catalogue.packages)
    assert {"STANDARD", "DBMS_STANDARD", "DBMS_ASSERT"} <= set(catalogue.packages)
    assert all(catalogue.packages[name].subprograms for name in BRIEF_PACKAGES)


def test_every_package_member_the_project_calls_resolves() -> None:
    calls = project_calls()
    # the scan finds what the templates and DBA sections are known to call
    assert {("DBMS_SCHEDULER", "CREATE_JOB"), ("DBMS_SCHEDULER", "SET_ATTRIBUTE"),
            ("DBMS_LOCK", "ALLOCATE_UNIQUE"), ("DBMS_LOCK", "RELEASE"), ("DBMS_SESSION", "SLEEP"),
            ("DBMS_UTILITY", "FORMAT_ERROR_BACKTRACE"), ("DBMS_ASSERT", "QUALIFIED_SQL_NAME")} <= calls
    unresolved = sorted(f"{p}.{m}" for p, m in calls if not resolve(p, m).known)
    assert unresolved == []


@pytest.mark.parametrize("name", TEMPLATE_FUNCTIONS)
def test_every_builtin_the_templates_call_unqualified_resolves(name: str) -> None:
    found = resolve_standard(name)
    assert found.kind == Kind.SUBPROGRAM and found.overloads


def test_every_entry_cites_an_oracle_19c_page() -> None:
    subprograms = list(builtins.bundled().subprograms())
    assert len(subprograms) > 250
    assert [s.name for s in subprograms if "/oracle-database/19/" not in s.doc] == []
    assert resolve_standard("NVL").overloads[0].doc.endswith("/19/sqlrf/NVL.html")
    assert resolve("DBMS_LOCK", "SLEEP").overloads[0].doc.endswith("/19/arpls/DBMS_LOCK.html")


def test_create_job_named_as_the_daily_job_template_calls_it_matches_one_overload() -> None:
    create_job = resolve("SYS.DBMS_SCHEDULER", "CREATE_JOB")
    assert create_job.kind == Kind.SUBPROGRAM and len(create_job.overloads) >= 4
    named = ["job_name", "job_type", "job_action", "start_date", "repeat_interval", "enabled",
             "auto_drop", "comments"]
    (match,) = create_job.matching(0, named)
    assert match.param("job_action") is not None and match.kind == "procedure"
    enabled = match.param("ENABLED")
    assert enabled is not None and enabled.type == "BOOLEAN" and enabled.default == "FALSE"


def test_a_misspelt_named_parameter_matches_no_overload_and_says_which() -> None:
    create_job = resolve("DBMS_SCHEDULER", "create_job")
    named = ["job_name", "job_type", "job_actoin"]
    assert create_job.matching(0, named) == ()
    with_action = [s for s in create_job.overloads if s.param("job_action") is not None]
    assert len(with_action) >= 3
    assert {s.mismatch(0, named) for s in with_action} == {"no parameter named JOB_ACTOIN"}


def test_arity_too_few_too_many_and_defaults() -> None:
    raise_error = resolve_standard("RAISE_APPLICATION_ERROR").overloads[0]
    assert raise_error.kind == "procedure" and raise_error.usage == "plsql"
    assert (raise_error.min_args, raise_error.max_args) == (2, 3)
    assert raise_error.mismatch(1) == "missing MESSAGE"
    assert raise_error.mismatch(2) is None and raise_error.mismatch(3) is None
    assert raise_error.mismatch(4) == "4 positional argument(s), at most 3"
    substr = resolve_standard("SUBSTR")
    assert substr.matching(2) and substr.matching(3) and not substr.matching(1) and not substr.matching(4)


def test_a_parameter_given_twice_is_refused() -> None:
    disable = resolve("DBMS_SCHEDULER", "DISABLE").overloads[0]
    assert disable.mismatch(1, ["force"]) is None
    assert disable.mismatch(1, ["name"]) == "parameter NAME given twice"


def test_standard_functions_are_positional_only_and_variadic_ones_take_any_count() -> None:
    nvl = resolve_standard("NVL").overloads[0]
    assert nvl.mismatch(0, ["expr1", "expr2"]) == "NVL takes positional arguments only"
    decode = resolve_standard("decode")
    assert decode.overloads[0].usage == "sql" and decode.overloads[0].max_args is None
    assert decode.matching(3) and decode.matching(8) and not decode.matching(2)
    coalesce = resolve_standard("COALESCE")
    assert coalesce.matching(5) and not coalesce.matching(1)


def test_overloads_are_told_apart_by_named_parameters() -> None:
    release = resolve("DBMS_LOCK", "RELEASE")
    assert len(release.overloads) == 2 and len(release.matching(1)) == 2
    (by_handle,) = release.matching(0, ["lockhandle"])
    assert by_handle.params[0].type == "VARCHAR2" and by_handle.returns == "INTEGER"
    set_attribute = resolve("DBMS_SCHEDULER", "SET_ATTRIBUTE")
    assert len(set_attribute.matching(0, ["name", "attribute", "value"])) == 2
    (with_value2,) = set_attribute.matching(0, ["name", "attribute", "value", "value2"])
    assert with_value2.params[2].type == "VARCHAR2"
    assert "BOOLEAN" in set_attribute.overloads[0].params[2].types


def test_modes_and_out_parameters() -> None:
    allocate = resolve("DBMS_LOCK", "ALLOCATE_UNIQUE").overloads[0]
    assert [(p.name, p.mode, p.has_default) for p in allocate.params] == [
        ("lockname", IN, False), ("lockhandle", OUT, False), ("expiration_secs", IN, True)]
    assert allocate.params[1].needs_variable and not allocate.params[0].needs_variable
    append = resolve("DBMS_LOB", "APPEND").overloads[0]
    assert append.params[0].mode == IN_OUT and append.params[0].nocopy
    assert append.params[0].types == ("BLOB", "CLOB")


def test_constants_and_exceptions_resolve() -> None:
    x_mode = resolve("SYS.DBMS_LOCK", "X_MODE")
    assert x_mode.kind == Kind.CONSTANT and x_mode.constant is not None
    assert (x_mode.constant.type, x_mode.constant.value) == ("INTEGER", "6")
    assert resolve_standard("NO_DATA_FOUND").kind == Kind.EXCEPTION
    assert resolve_standard("dup_val_on_index").kind == Kind.EXCEPTION


def test_unknown_names_are_unresolved_not_errors_unless_the_package_is_complete() -> None:
    assert resolve("DBMS_NAO_EXISTE", "X").kind == Kind.UNRESOLVED
    assert resolve("DBMS_LOB", "NAO_LISTADO").kind == Kind.UNRESOLVED  # not complete: may exist
    missing = resolve("DBMS_LOCK", "SLEEPX")
    assert missing.kind == Kind.MISSING and not missing.known and missing.overloads == ()
    assert resolve("OTHER.DBMS_LOCK", "SLEEP").kind == Kind.UNRESOLVED  # not SYS's package
    assert resolve_standard("f_texto").kind == Kind.UNRESOLVED
    assert resolve_standard("SYSDATE").overloads[0].bare


def test_members_listed_by_name_exist_without_a_signature() -> None:
    chain = resolve("SYS.DBMS_SCHEDULER", "CREATE_CHAIN")
    assert chain.kind == Kind.NAMED and chain.known and chain.overloads == ()
    assert resolve("DBMS_SCHEDULER", "DISABLE_JOB").kind == Kind.MISSING  # complete package
    assert resolve("DBMS_UTILITY", "FORMAT_ERRO_BACKTRACE").kind == Kind.MISSING


def test_supplied_packages_are_known_by_name() -> None:
    catalogue = bundled()
    assert catalogue.is_supplied("DBMS_ALERT") and catalogue.is_supplied("SYS.DBMS_SCHEDULER")
    assert not catalogue.is_supplied("DBMS_SCHEDULERS") and not catalogue.is_supplied("X.DBMS_ALERT")


@pytest.mark.parametrize(("text", "expected"), [
    ("p IN NUMBER", ("p", IN, "NUMBER", False, "")),
    ("n NUMBER", ("n", IN, "NUMBER", False, "")),
    ("v OUT VARCHAR2", ("v", OUT, "VARCHAR2", False, "")),
    ("d IN OUT NOCOPY BLOB|CLOB", ("d", IN_OUT, "BLOB | CLOB", False, "")),
    ("s IN TIMESTAMP WITH TIME ZONE DEFAULT NULL", ("s", IN, "TIMESTAMP WITH TIME ZONE", True, "NULL")),
    ("c IN VARCHAR2 := 'DEFAULT_JOB_CLASS'", ("c", IN, "VARCHAR2", True, "'DEFAULT_JOB_CLASS'")),
])
def test_parameter_syntax(text: str, expected: tuple[object, ...]) -> None:
    p = parse_parameter(text)
    assert (p.name, p.mode, p.type, p.has_default, p.default) == expected


@pytest.mark.parametrize("text", ["", "IN NUMBER", "p IN", "p IN NUMBER DEFAULT", "p IN NOCOPY CLOB",
                                  "p IN NUMBER(", "1p NUMBER"])
def test_malformed_parameters_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"expected|DEFAULT|NOCOPY"):
        parse_parameter(text)


GOOD = ('[packages.DBMS_X]\ndoc = "https://docs.oracle.com/x.html"\n'
        '[[packages.DBMS_X.subprograms]]\nname = "P"\nparams = ["a IN NUMBER"]\n')


@pytest.mark.parametrize(("text", "key"), [
    (GOOD.replace('params = ["a IN NUMBER"]', 'params = ["a IN"]'),
     "packages.DBMS_X.subprograms[0].params[0]"),
    (GOOD.replace('name = "P"', 'name = "P Q"'), "packages.DBMS_X.subprograms[0].name"),
    (GOOD + 'retruns = "NUMBER"\n', "packages.DBMS_X.subprograms[0].retruns"),
    (GOOD + 'usage = "sometimes"\n', "packages.DBMS_X.subprograms[0].usage"),
    (GOOD + 'class = "window"\n', "packages.DBMS_X.subprograms[0].class"),
    (GOOD + 'doc = "http://example.com"\n', "packages.DBMS_X.subprograms[0].doc"),
    (GOOD.replace('params = ["a IN NUMBER"]', 'params = ["a IN NUMBER", "A OUT DATE"]'),
     "packages.DBMS_X.subprograms[0].params"),
    (GOOD + GOOD.split("\n", 2)[2], "packages.DBMS_X.subprograms[1]"),
    (GOOD.replace('doc = "https://docs.oracle.com/x.html"\n', ""), "packages.DBMS_X.doc"),
    (GOOD.replace("[packages.DBMS_X]\n", '[packages.DBMS_X]\nconstants = { K = "6" }\n'),
     "packages.DBMS_X.constants.K"),
    (GOOD.replace("DBMS_X", "dbms_x"), "packages.dbms_x"),
    ('[pakages.X]\ndoc = "https://docs.oracle.com/"\n', "pakages"),
    (GOOD.replace("[packages.DBMS_X]\n", "[packages.DBMS_X]\nmembers = [\"A B\"]\n"),
     "packages.DBMS_X.members"),
    (GOOD.replace("[packages.DBMS_X]\n", "[packages.DBMS_X]\nattributes = 3\n"),
     "packages.DBMS_X.attributes"),
    ('supplied = ["DBMS_X"]\n' + GOOD, "supplied_doc"),
    (GOOD.replace("[packages.DBMS_X]\n", "[packages.DBMS_X]\nvalues = { T = [1] }\n"),
     "packages.DBMS_X.values.T"),
])
def test_a_malformed_entry_is_one_line_naming_file_and_key(text: str, key: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_catalogue(tomllib.loads(text), "my_builtins.toml")
    message = str(info.value)
    assert message.startswith(f"my_builtins.toml: {key}: ") and "\n" not in message


def test_the_good_sample_parses_and_a_broken_file_is_one_line(tmp_path: Path) -> None:
    catalogue = parse_catalogue(tomllib.loads(GOOD), "x.toml")
    assert catalogue.resolve("DBMS_X", "p").overloads[0].params[0].name == "a"
    bad = tmp_path / "b.toml"
    bad.write_text("[packages\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"b\.toml: not valid TOML"):
        load(bad)
    assert BUNDLED.name == "oracle_builtins.toml" and BUNDLED.is_file()


def calls_in(text: str) -> list[tuple[str, str, int, tuple[str, ...]]]:
    """Every ``[SYS.]DBMS_x.MEMBER(...)`` / ``UTL_x.MEMBER(...)`` call of a SQL text: package,
    member, positional count, named parameters (the project's lexer, so strings and comments
    are not mistaken for code)."""
    tokens = significant(tokenize(text))
    out = []
    for i, tok in enumerate(tokens[:-3]):
        if not (tok.kind is TokenKind.WORD and re.match(r"(DBMS|UTL)_", tok.name)
                and tokens[i + 1].text == "." and tokens[i + 2].kind is TokenKind.WORD
                and tokens[i + 3].text == "("):
            continue
        depth, positional, named, fresh = 0, 0, [], True
        for j in range(i + 3, len(tokens)):
            t = tokens[j]
            if t.text == "(":
                depth += 1
            elif t.text == ")":
                depth -= 1
                if depth == 0:
                    break
            elif depth == 1 and t.text == ",":
                fresh = True
                continue
            # an actual starts at its first token (an opening parenthesis already counted)
            if fresh and ((depth == 1 and t.text != "(") or (depth == 2 and t.text == "(")):
                is_named = (t.kind is TokenKind.WORD and j + 1 < len(tokens) and tokens[j + 1].text == "=>")
                if is_named:
                    named.append(t.name)
                else:
                    positional += 1
                fresh = False
        out.append((tok.name, tokens[i + 2].name, positional, tuple(named)))
    return out


def test_calls_in_counts_positional_and_named_actuals() -> None:
    sql = ("BEGIN SYS.DBMS_LOCK.ALLOCATE_UNIQUE(lockname => 'a, b', lockhandle => v);\n"
           "  x := DBMS_LOCK.REQUEST(v, DBMS_LOCK.X_MODE, 10, release_on_commit => FALSE);\n"
           "  -- DBMS_OUTPUT.PUT_LINE(1, 2)\n  DBMS_OUTPUT.PUT_LINE((1 + 2) || f(3, 4)); END;")
    assert calls_in(sql) == [("DBMS_LOCK", "ALLOCATE_UNIQUE", 0, ("LOCKNAME", "LOCKHANDLE")),
                             ("DBMS_LOCK", "REQUEST", 3, ("RELEASE_ON_COMMIT",)),
                             ("DBMS_OUTPUT", "PUT_LINE", 1, ())]


def test_every_call_of_the_rendered_example_and_the_deploy_scripts_matches_an_overload(
        project: Project) -> None:
    texts = [o.text for o in render_target(project, project.target("example")).objects]
    texts += [p.read_text(encoding="utf-8") for p in sorted(ROOT.joinpath("tests", "golden").rglob("*.sql"))]
    calls = {call for text in texts for call in calls_in(text)}
    assert {("DBMS_SCHEDULER", "CREATE_JOB"), ("DBMS_LOCK", "ALLOCATE_UNIQUE"),
            ("DBMS_LOCK", "RELEASE")} <= {(p, m) for p, m, _, _ in calls}
    refused = sorted(f"{p}.{m}({n} positional, {list(named)})" for p, m, n, named in calls
                     if not resolve(p, m).matching(n, named))
    assert refused == []


def test_the_trigger_predicates_are_unqualified_plsql_booleans() -> None:
    updating = resolve_standard("UPDATING")
    assert len(updating.overloads) == 2 and updating.matching(0) and updating.matching(1)
    assert all(s.returns == "BOOLEAN" and s.usage == "plsql" for s in updating.overloads)
    assert resolve_standard("inserting").overloads[0].bare
    assert resolve_standard("DELETING").overloads[0].doc.endswith("/19/lnpls/plsql-triggers.html")
