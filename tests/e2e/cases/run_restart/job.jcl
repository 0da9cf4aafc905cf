//RESTART  JOB CLASS=A
//* A three-step job whose middle step fails the first time (&ACTION. comes from the
//* command line), restarted at the failed step: the first step's generation and the
//* temporary data set it passed are taken as they were, not made again.
//DEFINE   EXEC PGM=IDCAMS
//SYSPRINT DD SYSOUT=*
//SYSIN    DD *
  DEFINE GDG NAME(RS.DAILY) LIMIT(2) SCRATCH NOEMPTY
/*
//MAKE     EXEC PGM=GENERATE,PARM='RECORDS=30,SEED=3'
//SYSUT2   DD DSN=&&RAW,DISP=(NEW,PASS),LAYOUT=juki
//SORT1    EXEC PGM=SORT
//SORTIN   DD DSN=&&RAW,DISP=(OLD,PASS),LAYOUT=juki
//SORTOUT  DD DSN=RS.DAILY(+1),DISP=(NEW,CATLG,DELETE),LAYOUT=juki
//SYSIN    DD *
  SORT FIELDS=(shimei_kana,A,atena_no,A)
/*
//FAIL     EXEC PGM=KRSETRC,PARM='&ACTION'
//COPY     EXEC PGM=IEBGENER
//SYSUT1   DD DSN=RS.DAILY(+1),DISP=SHR
//SYSUT2   DD DSN=RS.COPY(+1),DISP=(NEW,CATLG,DELETE),LAYOUT=juki
//SYSIN    DD DUMMY
