//PARTKILL JOB CLASS=A
//* The job of the partitioned sort's restart test (tests/diff/partition_restart.sh): a
//* cataloged input, a partitioned SORT into a GDG generation.
//MAKE     EXEC PGM=GENERATE,PARM='RECORDS=&N,SEED=17'
//SYSUT2   DD DSN=PK.IN,DISP=(NEW,CATLG,DELETE),LAYOUT=juki
//PSORT    EXEC PGM=SORT,PARM='PARTITIONS=3'
//SORTIN   DD DSN=PK.IN,DISP=SHR
//SORTOUT  DD DSN=PK.SORTED(+1),DISP=(NEW,CATLG,DELETE),LAYOUT=juki
//SYSIN    DD *
  SORT FIELDS=(shimei_kana,A,seinengappi,D)
/*
