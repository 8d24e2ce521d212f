DECLARE
  -- conefi-dbtool: idempotent: creates the job when missing, otherwise updates its
  -- attributes (a running instance finishes undisturbed).
  v_existe PLS_INTEGER;
BEGIN
  SELECT COUNT(*)
    INTO v_existe
    FROM SYS.ALL_SCHEDULER_JOBS j
   WHERE j.owner = 'CONEFI'
     AND j.job_name = 'J_CONEFI_DIARIO';
  IF v_existe = 0 THEN
    SYS.DBMS_SCHEDULER.CREATE_JOB(
      job_name        => 'CONEFI.J_CONEFI_DIARIO',
      job_type        => 'STORED_PROCEDURE',
      job_action      => 'CONEFI.PKG_CONEFI_JOB.P_DIARIO',
      start_date      => TO_TIMESTAMP_TZ('2020-07-03 05:00:00 America/Sao_Paulo', 'YYYY-MM-DD HH24:MI:SS TZR'),
      repeat_interval => 'FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0',
      enabled         => FALSE,
      auto_drop       => FALSE,
      comments        => 'conefi-dbtool: daily CONEFI batch (INC PGO EST CAN PRG DES PRV HST)');
  ELSE
    SYS.DBMS_SCHEDULER.DISABLE('CONEFI.J_CONEFI_DIARIO', TRUE);
    SYS.DBMS_SCHEDULER.SET_ATTRIBUTE(
      name      => 'CONEFI.J_CONEFI_DIARIO',
      attribute => 'job_action',
      value     => 'CONEFI.PKG_CONEFI_JOB.P_DIARIO');
    SYS.DBMS_SCHEDULER.SET_ATTRIBUTE(
      name      => 'CONEFI.J_CONEFI_DIARIO',
      attribute => 'start_date',
      value     => TO_TIMESTAMP_TZ('2020-07-03 05:00:00 America/Sao_Paulo', 'YYYY-MM-DD HH24:MI:SS TZR'));
    SYS.DBMS_SCHEDULER.SET_ATTRIBUTE(
      name      => 'CONEFI.J_CONEFI_DIARIO',
      attribute => 'repeat_interval',
      value     => 'FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0');
    SYS.DBMS_SCHEDULER.SET_ATTRIBUTE(
      name      => 'CONEFI.J_CONEFI_DIARIO',
      attribute => 'comments',
      value     => 'conefi-dbtool: daily CONEFI batch (INC PGO EST CAN PRG DES PRV HST)');
  END IF;
  -- Steps are idempotent: after a database restart the run may start again.
  SYS.DBMS_SCHEDULER.SET_ATTRIBUTE(
    name      => 'CONEFI.J_CONEFI_DIARIO',
    attribute => 'restartable',
    value     => TRUE);
  SYS.DBMS_SCHEDULER.ENABLE('CONEFI.J_CONEFI_DIARIO');
END;
/
