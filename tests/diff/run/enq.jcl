//JOBNAME  JOB CLASS=A
//* Copies of this job (JOBNAME replaced) run at once in tests/diff/run_enqueue.sh: the
//* first holds SHARED.DATA for its whole run; the next waits for it (or, with --no-wait,
//* stops at once).
//HOLD     EXEC PGM=KRSETRC,PARM='WAIT=&WAIT'
//MAKE     EXEC PGM=GENERATE,PARM='RECORDS=10'
//SYSUT2   DD DSN=SHARED.JOBNAME,DISP=(NEW,CATLG,DELETE),LAYOUT=juki
//USE      EXEC PGM=IEFBR14
//DD1      DD DSN=SHARED.DATA,DISP=(MOD,CATLG,CATLG)
