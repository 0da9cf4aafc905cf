//PARTJOB  JOB (ACCT),'PARTITIONED SORT',CLASS=A
//* A partitioned SORT in a job stream: the runner runs its pieces (SAMPLE, ROUTE, three
//* RANGE sorts, CONCAT) as steps of their own; the same SORT in one piece; IEBCOMPR finds
//* the two outputs the same byte for byte; VERIFY reads the partitioned one back.
//GEN      EXEC PGM=GENERATE,PARM='RECORDS=400,SEED=13'
//SYSUT2   DD DSN=PT.IN,DISP=(NEW,CATLG,DELETE),LAYOUT=juki
//PSORT    EXEC PGM=SORT,PARM='PARTITIONS=3'
//SORTIN   DD DSN=PT.IN,DISP=SHR
//SORTOUT  DD DSN=PT.PART,DISP=(NEW,CATLG,DELETE),LAYOUT=juki
//SYSIN    DD *
  SORT FIELDS=(seibetsu,A,atena_no,D)
/*
//SSORT    EXEC PGM=SORT
//SORTIN   DD DSN=PT.IN,DISP=SHR
//SORTOUT  DD DSN=PT.ONE,DISP=(NEW,CATLG,DELETE),LAYOUT=juki
//SYSIN    DD *
  SORT FIELDS=(seibetsu,A,atena_no,D)
/*
//COMPARE  EXEC PGM=IEBCOMPR
//SYSUT1   DD DSN=PT.PART,DISP=SHR
//SYSUT2   DD DSN=PT.ONE,DISP=SHR
//CHECK    EXEC PGM=VERIFY
//SYSUT1   DD DSN=PT.PART,DISP=SHR
