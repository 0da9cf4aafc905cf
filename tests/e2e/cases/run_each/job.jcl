//T&CITY   JOB (TEST),'ONE CITY'
//* run_each: a job run once per record of a list (kiroku run --each); CITY names the job.
//* HOKEN (000000 or 000008) is the first step's return code; both give their JOBLOG lines.
//FIRST    EXEC PGM=KRSETRC,PARM='RC=&HOKEN'
//JOBLOG   DD DSN=&&LOG,DISP=(MOD,PASS),LRECL=80
//SECOND   EXEC PGM=KRSETRC,PARM='RC=0',COND=(0,NE,FIRST)
//JOBLOG   DD DSN=&&LOG,DISP=(MOD,PASS),LRECL=80
//COPY     EXEC PGM=IEBGENER
//SYSUT1   DD DSN=&&LOG,DISP=(OLD,DELETE),LRECL=80
//SYSUT2   DD DSN=T.LOG.C&CITY,DISP=(,CATLG),LRECL=80
