"""The semantic checks (SEM): what Oracle's compiler rejects in code that parses.

Each rule reports one `conefi_dbtool.lint.semantic.Check` of the unit's semantic issues
(computed by the engine from the symbol table); every message starts with the Oracle error
it predicts.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from conefi_dbtool.findings import Severity
from conefi_dbtool.lint.rules.base import Fact, UnitFacts, UnitRule
from conefi_dbtool.lint.semantic import Check
from conefi_dbtool.lint.units import Hit


class _SemanticRule(UnitRule):
    """Reports the unit's semantic issues of one check."""

    check_kind: ClassVar[Check]
    also: ClassVar[frozenset[Check]] = frozenset()  # sibling checks one rule reports too
    severity = Severity.ERROR
    needs = frozenset({Fact.SEMANTIC})

    def check(self, unit: UnitFacts) -> Iterator[Hit]:
        for issue in unit.semantic:
            if issue.check is self.check_kind or issue.check in self.also:
                yield self.hit(issue.line, issue.col, issue.message)


class UnknownPackageMember(_SemanticRule):
    """A package member that the package's specification does not declare (PLS-00302)

    `pkg.member` or `pkg.member(...)` where `pkg` is a package of the project (its spec is in
    the run) or an Oracle package the built-ins catalogue lists completely, and `member` is
    not in that spec (inside the package's own body, its private members count too). Oracle
    rejects the unit with PLS-00302. A call `SCHEMA.PKG.PROC(...)` is REF003's. A
    name whose first part is declared in the unit (a record, a local) is not a package
    reference and is not judged. The field of a cursor FOR loop record is a component too:
    `r.x` inside `FOR r IN (SELECT a, b AS c FROM ...) LOOP` must be one of the select list's
    names (`A`, `C`); a list with `*`, an unnamed expression or a quoted name is not judged.

    **Anti-pattern**

    ```sql
    x := pkg_conefi.c_max_tentativa;  -- the spec declares C_MAX_TENTATIVAS
    pkg_conefi.p_marca(v_id);          -- the spec declares P_MARCAR
    FOR r IN (SELECT t.id, t.valor AS total FROM t) LOOP x := r.valor; END LOOP;
    ```

    **Fix**

    ```sql
    x := pkg_conefi.c_max_tentativas;
    pkg_conefi.p_marcar(v_id);
    ```
    """

    code = "SEM001"
    name = "unknown-package-member"
    check_kind = Check.UNKNOWN_MEMBER


class WrongArguments(_SemanticRule):
    """A call Oracle cannot match: no overload of the subprogram accepts its arguments
    (PLS-00306), or a positional actual follows a named one (PLS-00312)

    Calls of the project's package subprograms (`pkg.proc(...)`) and of the catalogue's
    built-ins (`SYS.DBMS_LOCK.SLEEP(...)`, `SUBSTR(...)` when nothing in scope shadows it)
    are matched against every overload: positional actuals, named actuals (`p => v`),
    parameters with defaults, and literal actuals against the parameter's type family
    (`TRUE`/`FALSE` for a scalar, a string or number for a BOOLEAN: nothing converts to or
    from BOOLEAN; other types are not checked). The finding stands where the fix goes: a
    misspelt named parameter, the literal, or after the actual a missing parameter follows
    (Oracle names the call). In any PL/SQL call, a positional actual after a named one is
    PLS-00312.

    **Anti-pattern**

    ```sql
    pkg_conefi.p_registra(v_id);           -- P_REGISTRA(p_id, p_tipo) has no default
    SYS.DBMS_LOCK.SLEEP(secs => 1);        -- the parameter is SECONDS
    SYS.DBMS_SCHEDULER.DISABLE('CONEFI.J_X', force => 'TRUE');  -- FORCE is BOOLEAN
    pkg_conefi.p_registra(p_id => v_id, 'I');                    -- positional after named
    ```

    **Fix**

    ```sql
    pkg_conefi.p_registra(v_id, 'I');
    SYS.DBMS_LOCK.SLEEP(seconds => 1);
    SYS.DBMS_SCHEDULER.DISABLE('CONEFI.J_X', force => TRUE);
    pkg_conefi.p_registra(p_id => v_id, p_tipo => 'I');
    ```
    """

    code = "SEM002"
    name = "wrong-arguments"
    check_kind = Check.WRONG_ARGUMENTS  # PLS-00306; PLS-00312 too:
    also = frozenset({Check.POSITIONAL_AFTER_NAMED})


class DuplicateDeclaration(_SemanticRule):
    """Two declarations of one name in one declarative section (PLS-00371)

    Two variables, constants, exceptions, types or cursors with the same name in one
    package, subprogram or DECLARE section. Oracle reports PLS-00371 where the name is
    used. Subprograms of one name are overloads and legal; names in nested blocks hide
    outer ones legally.

    **Anti-pattern**

    ```sql
    DECLARE
      v_total NUMBER;
      v_total NUMBER := 0;
    BEGIN ...
    ```

    **Fix**

    ```sql
    DECLARE
      v_total NUMBER := 0;
    BEGIN ...
    ```
    """

    code = "SEM003"
    name = "duplicate-declaration"
    check_kind = Check.DUPLICATE


class UnresolvedIdentifier(_SemanticRule):
    """An identifier in PL/SQL code that is declared nowhere, when everything the unit
    depends on is known (PLS-00201)

    A single name in a PL/SQL statement or expression (not in embedded SQL, where it may be
    a column) that is no local, parameter, loop index, label, member of the unit's package
    (spec or body), project object, known database object or STANDARD / DBMS_STANDARD
    built-in. It is an error only when the unit's schema is fully known and every package
    the unit names is in the model; otherwise SEM005 reports it as information. A prefix
    `pkg.` that is no known object but within two edits of a project or catalogue package
    is a misspelt package name. Scopes are exact: a name is visible in the block or
    subprogram that declares it and the blocks nested in it (a loop index in its loop only),
    so a local of a sibling subprogram or an index used after `END LOOP` is PLS-00201 too;
    names of the package spec and of the body's top level are visible in the whole body.

    **Anti-pattern**

    ```sql
    v_total := v_totl + 1;  -- declared as V_TOTAL
    ```

    **Fix**

    ```sql
    v_total := v_total + 1;
    ```
    """

    code = "SEM004"
    name = "unresolved-identifier"
    check_kind = Check.UNRESOLVED


class UnresolvedName(_SemanticRule):
    """An identifier in PL/SQL code that the model cannot resolve (information)

    As SEM004, for a unit whose schema or dependencies are not fully known (a SQL file
    without a target, a package whose spec is not in the run, a package outside the
    catalogue): the name may exist in the database, so it is never an error; Oracle
    reports PLS-00201 if it does not.

    **Anti-pattern**

    ```sql
    v_total := f_outside_the_model(1);
    ```

    **Fix**

    ```sql
    -- declare the object in external_objects.toml, or lint with --target
    ```
    """

    code = "SEM005"
    name = "unresolved-name"
    severity = Severity.INFO
    check_kind = Check.UNRESOLVED_OUTSIDE


class SubprogramWithoutBody(_SemanticRule):
    """A subprogram declared in a package spec that the package body does not define
    (PLS-00323)

    When both the spec and the body of a package are in the run, every spec procedure and
    function must be defined in the body with the same name and number of parameters, and
    the same heading (parameter names, modes, types, return type; compared when no type is
    a `%TYPE` or dotted name); Oracle rejects the body with PLS-00323 otherwise. Reported
    at the spec's declaration (or at its first parameter that differs).

    **Anti-pattern**

    ```sql
    CREATE PACKAGE pkg_x AS PROCEDURE p(a NUMBER); END;
    CREATE PACKAGE BODY pkg_x AS PROCEDURE p IS BEGIN NULL; END; END;
    ```

    **Fix**

    ```sql
    CREATE PACKAGE BODY pkg_x AS PROCEDURE p(a NUMBER) IS BEGIN NULL; END; END;
    ```
    """

    code = "SEM006"
    name = "subprogram-without-body"
    check_kind = Check.NO_BODY


class EndLabelMismatch(_SemanticRule):
    """``END name`` closing a subprogram or package with another name (PLS-00113)

    The optional name after the final ``END`` of a procedure, function, package or package
    body must be the name of what it closes; Oracle rejects the unit otherwise (often after
    a rename that missed the ``END``).

    **Anti-pattern**

    ```sql
    PROCEDURE p_marcar IS
    BEGIN
      NULL;
    END p_marca;
    ```

    **Fix**

    ```sql
    PROCEDURE p_marcar IS
    BEGIN
      NULL;
    END p_marcar;
    ```
    """

    code = "SEM007"
    name = "end-label-mismatch"
    check_kind = Check.END_LABEL


class ReadOnlyTarget(_SemanticRule):
    """An assignment to a constant or an IN parameter (PLS-00363)

    The target of ``:=`` is a constant (of the unit, or of the package's spec) or a
    parameter of mode IN, and the unit declares no variable or OUT parameter of that name
    anywhere. Oracle rejects the unit with PLS-00363.

    **Anti-pattern**

    ```sql
    PROCEDURE p(p_qtd IN NUMBER) IS
    BEGIN
      p_qtd := p_qtd + 1;
    END p;
    ```

    **Fix**

    ```sql
    PROCEDURE p(p_qtd IN NUMBER) IS
      v_qtd NUMBER := p_qtd;
    BEGIN
      v_qtd := v_qtd + 1;
    END p;
    ```
    """

    code = "SEM008"
    name = "read-only-target"
    check_kind = Check.READ_ONLY


class DefaultMismatch(_SemanticRule):
    """A parameter default the package body does not write as the spec does (PLS-00593)

    When a spec subprogram and its body have the same heading, every parameter's default
    must be the same in both (written the same, or absent from both); Oracle rejects the
    body with PLS-00593 otherwise. Reported at the spec's parameter.

    **Anti-pattern**

    ```sql
    CREATE PACKAGE pkg_x AS PROCEDURE p(a NUMBER DEFAULT 1); END;
    CREATE PACKAGE BODY pkg_x AS PROCEDURE p(a NUMBER) IS BEGIN NULL; END; END;
    ```

    **Fix**

    ```sql
    CREATE PACKAGE BODY pkg_x AS PROCEDURE p(a NUMBER DEFAULT 1) IS BEGIN NULL; END; END;
    ```
    """

    code = "SEM009"
    name = "default-mismatch"
    check_kind = Check.DEFAULT_MISMATCH


class FunctionAsStatement(_SemanticRule):
    """A function called as a statement (PLS-00221)

    A call statement whose subprogram is surely known (of the unit, of a project package's
    spec, or a catalogue built-in nothing shadows) and every overload of which is a
    FUNCTION: its value must be used. Oracle rejects the unit with PLS-00221.

    **Anti-pattern**

    ```sql
    pkg_conefi.f_proximo_id(v_tipo);  -- F_PROXIMO_ID RETURNS NUMBER
    ```

    **Fix**

    ```sql
    v_id := pkg_conefi.f_proximo_id(v_tipo);
    ```
    """

    code = "SEM010"
    name = "function-as-statement"
    check_kind = Check.FUNCTION_AS_STATEMENT


class ProcedureInExpression(_SemanticRule):
    """A procedure used as a value (PLS-00222)

    A call in an expression of PL/SQL code (the right side of ``:=``, a condition of IF,
    ELSIF, WHILE, EXIT or CASE, a RETURN) whose subprogram is surely known and every
    overload of which is a PROCEDURE: it has no value. Oracle rejects the unit with
    PLS-00222. Calls in embedded SQL are not judged.

    **Anti-pattern**

    ```sql
    v_ok := pkg_conefi.p_marcar(v_id);  -- P_MARCAR is a procedure
    ```

    **Fix**

    ```sql
    pkg_conefi.p_marcar(v_id);
    ```
    """

    code = "SEM011"
    name = "procedure-in-expression"
    check_kind = Check.PROCEDURE_IN_EXPRESSION


class OutActualNotVariable(_SemanticRule):
    """An OUT or IN OUT actual that is not a variable (PLS-00363)

    When a call's subprogram is surely known and exactly one of its overloads accepts the
    call's arguments, every actual given to an OUT or IN OUT parameter must be a variable:
    a literal, an expression (``v + 1``, ``a || b``), a constant or an IN parameter cannot
    receive the value, and Oracle rejects the unit with PLS-00363. Reported at the actual.

    **Anti-pattern**

    ```sql
    pkg_conefi.p_ler(v_id, 0);  -- P_LER(p_id IN NUMBER, p_qtd OUT NUMBER)
    ```

    **Fix**

    ```sql
    pkg_conefi.p_ler(v_id, v_qtd);
    ```
    """

    code = "SEM012"
    name = "out-actual-not-variable"
    check_kind = Check.OUT_NOT_VARIABLE


class JobActionUnknown(_SemanticRule):
    """A scheduler job whose action names a procedure its package does not declare (ORA-27476)

    `DBMS_SCHEDULER.CREATE_JOB` (or `CREATE_PROGRAM`) with `job_type => 'STORED_PROCEDURE'`
    and a literal `job_action`, or `SET_ATTRIBUTE(name, 'job_action', value)`, whose
    `pkg.proc` (or `schema.pkg.proc`) names a project package whose spec does not declare
    `proc`. The job is created, then Oracle refuses it when it is enabled; a private
    procedure of the body does not count (the scheduler calls it from outside). The calls
    of a `PLSQL_BLOCK` action are read with the project's parser: a member its package's
    spec lacks is SEM001's (PLS-00302 when the job runs). A name outside the model is not
    judged.

    **Anti-pattern**

    ```sql
    SYS.DBMS_SCHEDULER.CREATE_JOB(job_name => 'CONEFI.J_DIARIO', job_type => 'STORED_PROCEDURE',
      job_action => 'PKG_CONEFI_JOB.P_DIARIA');  -- the spec declares P_DIARIO
    ```

    **Fix**

    ```sql
    SYS.DBMS_SCHEDULER.CREATE_JOB(job_name => 'CONEFI.J_DIARIO', job_type => 'STORED_PROCEDURE',
      job_action => 'PKG_CONEFI_JOB.P_DIARIO');
    ```
    """

    code = "SEM013"
    name = "job-action-unknown"
    check_kind = Check.JOB_ACTION


class DeclarationOrder(_SemanticRule):
    """A declaration out of the order PL/SQL reads it in (PLS-00313, PLS-00103)

    A declarative section is read top down. A package body's private subprogram is visible
    only below its first declaration (its definition or a forward declaration): a call, or a
    function read without parentheses, above it is PLS-00313 (a name the spec declares, or
    that the calling subprogram declares itself, is not judged; nor a body whose spec is not
    in the run). And once a subprogram body is written, only subprograms, cursors and
    pragmas may follow it in that section: a variable, constant, type or exception below it
    is PLS-00103.

    **Anti-pattern**

    ```sql
    FUNCTION f_a RETURN NUMBER IS BEGIN RETURN f_b; END f_a;  -- f_b is defined below
    g_total NUMBER;                                            -- after a body
    FUNCTION f_b RETURN NUMBER IS BEGIN RETURN 1; END f_b;
    ```

    **Fix**

    ```sql
    g_total NUMBER;
    FUNCTION f_b RETURN NUMBER;  -- forward declaration (or move f_b up)
    FUNCTION f_a RETURN NUMBER IS BEGIN RETURN f_b; END f_a;
    FUNCTION f_b RETURN NUMBER IS BEGIN RETURN 1; END f_b;
    ```
    """

    also = frozenset({Check.DECLARATION_AFTER_BODY})  # PLS-00103 besides PLS-00313
    code = "SEM014"
    name = "declaration-order"
    check_kind = Check.USED_BEFORE_DECLARED


class TriggerWhen(_SemanticRule):
    """A trigger's WHEN clause Oracle refuses (ORA-25000, ORA-04076, ORA-04077)

    The WHEN condition of a row trigger is SQL evaluated before the body runs. It names the
    row through the correlation names without the colon (`NEW.col`): a bind variable there
    (`:NEW.col`) is ORA-25000; a qualifier that is no correlation name (NEW, OLD, PARENT, or
    what `REFERENCING` renames them to) is ORA-04076; a WHEN on a trigger without `FOR EACH
    ROW` is ORA-04077. Judged for BEFORE and AFTER triggers on a table or view.

    **Anti-pattern**

    ```sql
    AFTER INSERT ON SGU.INTGRA_RET_ERP FOR EACH ROW
    WHEN (:NEW.INTRE_IND <> 'PAG' AND NOVO.INTRE_ROTINA_ERP IS NOT NULL)
    ```

    **Fix**

    ```sql
    AFTER INSERT ON SGU.INTGRA_RET_ERP FOR EACH ROW
    WHEN (NEW.INTRE_IND <> 'PAG' AND NEW.INTRE_ROTINA_ERP IS NOT NULL)
    ```
    """

    code = "SEM015"
    name = "trigger-when"
    check_kind = Check.BIND_IN_WHEN  # ORA-25000; ORA-04076 and ORA-04077 too:
    also = frozenset({Check.WHEN_CORRELATION, Check.STATEMENT_TRIGGER_WHEN})


class BadBindVariable(_SemanticRule):
    """A bind variable in a trigger body that is no correlation name (PLS-00049)

    In a trigger body the only bind variables are the correlation names: `:NEW`, `:OLD`,
    `:PARENT`, or the names `REFERENCING` gives them (which then replace the defaults:
    after `REFERENCING NEW AS n`, `:NEW.col` is a bad bind variable). Judged for BEFORE and
    AFTER triggers on a table or view.

    **Anti-pattern**

    ```sql
    CREATE OR REPLACE TRIGGER SGU.T_X AFTER INSERT ON SGU.INTGRA_RET_ERP
      REFERENCING NEW AS novo FOR EACH ROW
    BEGIN
      CONEFI.PKG_CONEFI_EVENTO.p_tipo(:NEW.INTRE_IND);
    END;
    ```

    **Fix**

    ```sql
      CONEFI.PKG_CONEFI_EVENTO.p_tipo(:novo.INTRE_IND);
    ```
    """

    code = "SEM016"
    name = "bad-bind-variable"
    check_kind = Check.BAD_BIND


class StatementTriggerCorrelation(_SemanticRule):
    """`:NEW` or `:OLD` in a statement-level trigger (ORA-04082)

    Without `FOR EACH ROW` a BEFORE or AFTER trigger fires once per statement: there is no
    current row, so its body cannot read `:NEW` or `:OLD`.

    **Anti-pattern**

    ```sql
    CREATE OR REPLACE TRIGGER SGU.T_X AFTER INSERT ON SGU.INTGRA_RET_ERP
    BEGIN
      CONEFI.PKG_CONEFI_EVENTO.p_receber(p_id_evento => :NEW.INTRE_ID);
    END;
    ```

    **Fix**

    ```sql
    CREATE OR REPLACE TRIGGER SGU.T_X AFTER INSERT ON SGU.INTGRA_RET_ERP
      FOR EACH ROW
    BEGIN
      CONEFI.PKG_CONEFI_EVENTO.p_receber(p_id_evento => :NEW.INTRE_ID);
    END;
    ```
    """

    code = "SEM017"
    name = "statement-trigger-correlation"
    check_kind = Check.STATEMENT_TRIGGER_CORRELATION


class CorrelationNotWritable(_SemanticRule):
    """`:NEW.col` or `:OLD.col` written where Oracle forbids it (ORA-04084, ORA-04085)

    Only a BEFORE row trigger on INSERT or UPDATE may change the row being written: an
    assignment to `:NEW.col` (or `SELECT ... INTO :NEW.col`) in an AFTER trigger or a
    BEFORE DELETE-only trigger is ORA-04084. The old values are read-only in every trigger:
    writing `:OLD.col` is ORA-04085. CREATE TRIGGER fails either way.

    **Anti-pattern**

    ```sql
    AFTER INSERT ON SGU.INTGRA_RET_ERP FOR EACH ROW
    BEGIN
      :NEW.INTRE_IND := UPPER(:NEW.INTRE_IND);  -- too late: the row is written
      :OLD.INTRE_ROTINA_ERP := NULL;
    ```

    **Fix**

    ```sql
    BEFORE INSERT ON SGU.INTGRA_RET_ERP FOR EACH ROW
    BEGIN
      :NEW.INTRE_IND := UPPER(:NEW.INTRE_IND);
    ```
    """

    code = "SEM018"
    name = "correlation-not-writable"
    check_kind = Check.NEW_NOT_WRITABLE
    also = frozenset({Check.OLD_NOT_WRITABLE})


class SchedulerAttribute(_SemanticRule):
    """A DBMS_SCHEDULER attribute name or job type Oracle refuses (ORA-27469, ORA-27465)

    `SET_ATTRIBUTE`, `SET_ATTRIBUTE_NULL` or `GET_ATTRIBUTE` with a literal attribute name
    that is none of the attributes of jobs, programs, schedules, windows, job classes,
    chains and the other scheduler objects (the catalogue's list, from Oracle's
    `SET_ATTRIBUTE` documentation) but one or two letters from one: a misspelling, which
    Oracle refuses when the statement runs (ORA-27469). Likewise a literal `job_type =>` or
    `program_type =>` (or the value of `SET_ATTRIBUTE(name, 'job_type', ...)`) that is no
    documented type but close to one (ORA-27465). A name far from every known one is not
    judged (the list may lack it).

    **Anti-pattern**

    ```sql
    SYS.DBMS_SCHEDULER.SET_ATTRIBUTE('CONEFI.J_DIARIO', 'repeat_intervall', 'FREQ=DAILY');
    SYS.DBMS_SCHEDULER.CREATE_JOB(job_name => 'CONEFI.J_X', job_type => 'STORED_PROCEDURES',
      job_action => 'CONEFI.PKG_CONEFI_JOB.P_DIARIO');
    ```

    **Fix**

    ```sql
    SYS.DBMS_SCHEDULER.SET_ATTRIBUTE('CONEFI.J_DIARIO', 'repeat_interval', 'FREQ=DAILY');
    SYS.DBMS_SCHEDULER.CREATE_JOB(job_name => 'CONEFI.J_X', job_type => 'STORED_PROCEDURE',
      job_action => 'CONEFI.PKG_CONEFI_JOB.P_DIARIO');
    ```
    """

    code = "SEM019"
    name = "scheduler-attribute"
    check_kind = Check.SCHEDULER_ATTRIBUTE  # ORA-27469; ORA-27465 too:
    also = frozenset({Check.SCHEDULER_VALUE})
