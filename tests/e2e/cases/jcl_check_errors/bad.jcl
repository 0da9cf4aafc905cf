//BAD      JOB CLASS=A,FOO=1,COND=(4,LT,STEP1)
//         SET 1X=2
//STEP1    EXEC PGM=SORT,PARM='&UNDEF',
//  COND=(4,LT,NOSUCH)
//IN       DD DSN=A.B(X),DISP=(NEW,PASS,PASS),LRECL=0
//STEP1    EXEC PGM=IEFBR14
//T        IF (STEP1.RC > 4 | RUN) THEN
//         ELSE
//         ELSE
//X        EXEC NOPROC
//         ENDIF
// ENDIF
data line
