//AUDITED  JOB CLASS=A
//* Every run, step and data set in the audit log: job-start, step-end (program, result, the
//* inputs and outputs with records and SHA-256), step-bypassed, job-end; the chain's head
//* anchored in the job log.
//GEN      EXEC PGM=GENERATE,PARM='RECORDS=5,SEED=1'
//SYSUT2   DD DSN=AU.SAMPLE,DISP=(NEW,CATLG,DELETE),LAYOUT=juki
//COPY     EXEC PGM=IEBGENER
//SYSUT1   DD DSN=AU.SAMPLE,DISP=SHR
//SYSUT2   DD DSN=&&COPY,DISP=(NEW,DELETE)
//SKIP     EXEC PGM=IEFBR14,COND=(0,LE)
