//SCALE    JOB (BENCH),'PARTITIONED SORT AND JOIN',CLASS=A
//*
//* bench/slurm_scale.sh: N generated register records (600 bytes), sorted by カナ氏名 with
//* PARTITIONS=&P, and joined by 宛名番号 with its records of 行政区 1-20 (about half: every
//* F1 record pairs once or is unpaired), sorted by カナ氏名, with PARTITIONS=&P.
//         SET N=100000,P=2
//GEN      EXEC PGM=GENERATE,PARM='RECORDS=&N,SEED=7'
//SYSUT2   DD DSN=SC.IN,DISP=(NEW,CATLG,DELETE),LAYOUT=juki
//PSORT    EXEC PGM=SORT,PARM='PARTITIONS=&P'
//SORTIN   DD DSN=SC.IN,DISP=SHR
//SORTOUT  DD DSN=SC.SORTED,DISP=(NEW,CATLG,DELETE),LAYOUT=juki
//SYSIN    DD *
  SORT FIELDS=(shimei_kana,A,seinengappi,D)
/*
//PJOIN    EXEC PGM=SORT,PARM='PARTITIONS=&P'
//SORTJNF1 DD DSN=SC.IN,DISP=SHR
//SORTJNF2 DD DSN=SC.IN,DISP=SHR
//SORTOUT  DD DSN=SC.JOINED,DISP=(NEW,CATLG,DELETE),LAYOUT=juki
//SYSIN    DD *
  JOINKEYS FILE=F1,FIELDS=(atena_no,A)
  JOINKEYS FILE=F2,FIELDS=(atena_no,A),INCLUDE=(gyoseiku,LE,20)
  JOIN UNPAIRED,F1
  REFORMAT FIELDS=(F1:1,585,F2:1,15)
  SORT FIELDS=(F1:shimei_kana,A)
/*
