-- conefi-dbtool 0.1.0: deploy script for target example
-- objects: 2; content sha256: 4bf4da3c2815b8e630a030293c390c4fa795b55c20244a6582214dfd9d9389da
-- Run: sql /nolog @this_file.sql   (SQLcl)   or   sqlplus /nolog @this_file.sql
-- Re-runnable: every step is idempotent. Stops at the first error, including
-- PL/SQL compile errors. No secret is written here: passwords are prompted.
WHENEVER OSERROR EXIT FAILURE ROLLBACK
WHENEVER SQLERROR EXIT FAILURE ROLLBACK
SET ECHO OFF
SET FEEDBACK ON
SET SERVEROUTPUT ON SIZE UNLIMITED
SET SQLBLANKLINES ON
SET DEFINE OFF

PROMPT ==== ERP database (Protheus): objects (as CONEFI or a DBA) ====
SET DEFINE ON
DEFINE erp_owner_user = CONEFI
PROMPT Connecting to the ERP database (Protheus) as &&erp_owner_user (password prompted; DSN from &&erp_dsn)
CONNECT &&erp_owner_user@&&erp_dsn
SET DEFINE OFF

PROMPT [1/2] CONEFI.S_INTGRA_DADOS_CONEFI (sequence)
DECLARE
  e_exists_955 EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_exists_955, -955);
BEGIN
  EXECUTE IMMEDIATE 'CREATE SEQUENCE CONEFI.S_INTGRA_DADOS_CONEFI
  START WITH 1
  INCREMENT BY 1
  CACHE 100
  NOCYCLE';
EXCEPTION
  WHEN e_exists_955 THEN
    SYS.DBMS_OUTPUT.PUT_LINE('CONEFI.S_INTGRA_DADOS_CONEFI (CREATE SEQUENCE): already exists, kept');
END;
/

PROMPT [2/2] CONEFI.INTGRA_DADOS_CONEFI (table)
DECLARE
  e_exists_955 EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_exists_955, -955);
BEGIN
  EXECUTE IMMEDIATE 'CREATE TABLE CONEFI.INTGRA_DADOS_CONEFI (
  INTDC_ID          NUMBER(18)      NOT NULL,
  INTDC_IND_ACAO    VARCHAR2(3)     NOT NULL,
  INTDC_DADOS       VARCHAR2(4000)  NOT NULL,
  INTDC_IND_STATUS  VARCHAR2(1)     DEFAULT ''P'' NOT NULL,
  CONSTRAINT PK_INTGRA_DADOS_CONEFI PRIMARY KEY (INTDC_ID)
) TABLESPACE TS_DATA';
EXCEPTION
  WHEN e_exists_955 THEN
    SYS.DBMS_OUTPUT.PUT_LINE('CONEFI.INTGRA_DADOS_CONEFI (CREATE TABLE): already exists, kept');
END;
/

PROMPT ==== done ====
EXIT SUCCESS
