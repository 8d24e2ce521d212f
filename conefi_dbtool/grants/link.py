"""The SGU 2.0 database link to the ERP CONEFI schema, created without rendering a secret.

Why in the DBA section and not a template: a link needs the remote password, object
sections run with SQL*Plus DEFINE OFF (so ``&&var`` would become a literal password), and
a *private* link can only be created by its owner — ``CREATE DATABASE LINK CONEFI.X``
names a link called "CONEFI.X" in the caller's schema. So the DBA section (DEFINE ON)
creates it through a throwaway definer's-rights procedure in the owner's schema that
runs the DDL it receives as an argument: the password lives only in the substitution
variable and the call, never in stored source or in a rendered file. Creation is skipped
when the link exists (re-runnable; a changed password is a DBA's ALTER DATABASE LINK).
"""

from __future__ import annotations

from conefi_dbtool.config import Target
from conefi_dbtool.deploy_steps import Step, sql_literal_multiline
from conefi_dbtool.errors import UsageError
from conefi_dbtool.grants.render_sql import accept_password_step, name_sql, qualified_sql
from conefi_dbtool.grants.usage import Site, SystemNeed
from conefi_dbtool.identifiers import IdentifierError, sql_literal
from conefi_dbtool.objects import ObjectId

LINK_PASSWORD_VARIABLE = "conefi_erp_link_password"
HELPER = "CONEFI_DBTOOL$MKLINK"


def link_ddl(target: Target) -> str:
    """CREATE DATABASE LINK text with the password as a substitution variable."""
    using = target.sgu2.erp_link_using
    if "&" in using:
        raise UsageError(f"sgu2.erp_link_using ({using!r}) contains '&', which SQL*Plus would substitute "
                         f"(target {target.name!r})")
    try:
        using_sql = sql_literal(using)
    except IdentifierError as exc:
        raise UsageError(f"sgu2.erp_link_using: {exc} (target {target.name!r})") from None
    return (f"CREATE DATABASE LINK {name_sql(str(target.sgu2.erp_link))} "
            f"CONNECT TO {name_sql(str(target.erp.schemas.conefi))} "
            f'IDENTIFIED BY "&&{LINK_PASSWORD_VARIABLE}" USING {using_sql}')


def through_definer_procedure(helper: str, create: str, call: str, indent: str, *,
                              using: str = "") -> str:
    """PL/SQL lines running DDL as a schema's owner: ``create`` makes the throwaway
    definer's-rights procedure ``helper`` in that schema, ``call`` runs it (with ``using``
    as the bind), and the procedure is dropped whether the call succeeds or fails.

    Only the owner can create or drop a private database link, and the password must
    never be stored source: the DDL is the procedure's argument or fixed in its body.
    """
    drop = f"EXECUTE IMMEDIATE {sql_literal(f'DROP PROCEDURE {helper}')};\n"
    bind = f"\n{indent}    USING {using}" if using else ""
    lines = (f"EXECUTE IMMEDIATE {create};\n", "BEGIN\n", f"  EXECUTE IMMEDIATE {call}{bind};\n",
             "EXCEPTION\n", "  WHEN OTHERS THEN\n", f"    {drop}", "    RAISE;\n", "END;\n", drop)
    return "".join(indent + line for line in lines)


def link_steps(target: Target) -> tuple[Step, ...]:
    """Steps (DBA section of sgu2, DEFINE ON) that create the link if it is missing."""
    owner = str(target.sgu2.schemas.conefi)
    link = str(target.sgu2.erp_link)
    helper = qualified_sql(owner, HELPER)
    label = f"{owner}.{link} (database link)"
    block = (
        "DECLARE\n"
        "  v_links PLS_INTEGER;\n"
        "BEGIN\n"
        "  SELECT COUNT(*) INTO v_links FROM dba_db_links\n"
        f"   WHERE owner = {sql_literal(owner)}\n"
        f"     AND (db_link = {sql_literal(link)} OR SUBSTR(db_link, 1, {len(link) + 1}) = "
        f"{sql_literal(link + '.')});\n"
        "  IF v_links > 0 THEN\n"
        f"    SYS.DBMS_OUTPUT.PUT_LINE({sql_literal(label + ': already exists, kept')});\n"
        "    RETURN;\n"
        "  END IF;\n"
        "  -- Only the owner can create a private link: run the DDL as the owner through a\n"
        "  -- throwaway definer's-rights procedure; the password is an argument, never source.\n"
        + through_definer_procedure(
            helper,
            sql_literal_multiline(f"CREATE OR REPLACE PROCEDURE {helper} (p_ddl IN VARCHAR2) AUTHID DEFINER "
                                  "IS BEGIN EXECUTE IMMEDIATE p_ddl; END;"),
            sql_literal(f"BEGIN {helper}(:ddl); END;"), "  ",
            using=sql_literal_multiline(link_ddl(target)))
        + f"  SYS.DBMS_OUTPUT.PUT_LINE({sql_literal(label + ': created')});\n"
        "END;"
    )
    erp_user = str(target.erp.schemas.conefi)
    return (
        accept_password_step(
            LINK_PASSWORD_VARIABLE,
            f"Password of the ERP user {erp_user} for database link {link} "
            "(used only if the link does not exist yet): "),
        Step("plsql", block, ObjectId("sgu2", owner, "database_link", link), "guarded-create"),
    )


def link_needs(target: Target) -> tuple[SystemNeed, ...]:
    """The link's owner runs CREATE DATABASE LINK inside definer's-rights code: direct grant."""
    owner = str(target.sgu2.schemas.conefi)
    site = Site("conefi_dbtool/grants/link.py", None, f"sgu2:{owner}.database_link.{target.sgu2.erp_link}")
    return (SystemNeed(owner, "CREATE DATABASE LINK", site,
                       f"database link {target.sgu2.erp_link} to the ERP (DBA section)"),)
