//EXAMPLE3 JOB (ACCT),'ICETOOL SPLICE',CLASS=A
//* DFSORT Application Programming Guide, ICETOOL, "SPLICE examples",
//* Example 3: names in IN1, IN2 or both. The published TOOLIN runs in one
//* step with T1 DISP=MOD; kiroku adds a MOD data set's records when its
//* step ends, so each operator runs in a step of its own, unchanged.
//COPY1    EXEC PGM=ICETOOL
//TOOLMSG  DD SYSOUT=*
//DFSMSG   DD SYSOUT=*
//IN1      DD PATH='in1.dat',LRECL=10
//T1       DD DSN=EX3.T1,DISP=(NEW,CATLG,DELETE),LRECL=13
//TOOLIN   DD *
* Add '11' identifier for FILE1 records.
  COPY FROM(IN1) TO(T1) USING(CTL1)
/*
//CTL1CNTL DD *
* Mark FILE1 records with '11'
  OUTREC FIELDS=(1,10,12:C'11')
/*
//COPY2    EXEC PGM=ICETOOL
//TOOLMSG  DD SYSOUT=*
//DFSMSG   DD SYSOUT=*
//IN2      DD PATH='in2.dat',LRECL=10
//T1       DD DSN=EX3.T1,DISP=(MOD,CATLG,CATLG),LRECL=13
//TOOLIN   DD *
* Add '22' identifier for FILE2 records.
  COPY FROM(IN2) TO(T1) USING(CTL2)
/*
//CTL2CNTL DD *
* Mark FILE2 records with '22'
  OUTREC FIELDS=(1,10,12:C'22')
/*
//MATCH    EXEC PGM=ICETOOL
//TOOLMSG  DD SYSOUT=*
//DFSMSG   DD SYSOUT=*
//T1       DD DSN=EX3.T1,DISP=(OLD,DELETE,KEEP),LRECL=13
//OUT12    DD DSN=EX3.OUT12,DISP=(NEW,CATLG,DELETE),LRECL=10
//OUT1     DD DSN=EX3.OUT1,DISP=(NEW,CATLG,DELETE),LRECL=10
//OUT2     DD DSN=EX3.OUT2,DISP=(NEW,CATLG,DELETE),LRECL=10
//TOOLIN   DD *
* SPLICE to match up records and write them to their
* appropriate output files.
  SPLICE FROM(T1) TO(OUT12) ON(1,10,CH) WITH(13,1) -
    USING(CTL3) KEEPNODUPS
/*
//CTL3CNTL DD *
* Write matching records to OUT12 file. Remove id.
  OUTFIL FNAMES=OUT12,INCLUDE=(12,2,CH,EQ,C'12'),OUTREC=(1,10)
* Write FILE1 only records to OUT1 file. Remove id.
  OUTFIL FNAMES=OUT1,INCLUDE=(12,2,CH,EQ,C'11'),OUTREC=(1,10)
* Write FILE2 only records to OUT2 file. Remove id.
  OUTFIL FNAMES=OUT2,INCLUDE=(12,2,CH,EQ,C'22'),OUTREC=(1,10)
/*
