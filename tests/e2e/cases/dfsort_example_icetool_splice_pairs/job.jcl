//EXAMPLE1 JOB (ACCT),'ICETOOL SPLICE',CLASS=A
//* DFSORT Application Programming Guide, ICETOOL, "SPLICE examples",
//* Example 1: one spliced record for each match in two files. The published
//* TOOLIN runs in one step with TEMP1 DISP=MOD; kiroku adds a MOD data set's
//* records when its step ends, so each operator runs in a step of its own.
//COPY1    EXEC PGM=ICETOOL
//TOOLMSG  DD SYSOUT=*
//DFSMSG   DD SYSOUT=*
//IN1      DD PATH='in1.dat',LRECL=14
//TEMP1    DD DSN=EX1.TEMP1,DISP=(NEW,CATLG,DELETE),LRECL=31
//TOOLIN   DD *
* Reformat the File1 records for splicing
  COPY FROM(IN1) TO(TEMP1) USING(CTL1)
/*
//CTL1CNTL DD *
  OUTREC FIELDS=(1,14,        file1 data
          31:X)               add blanks for spliced file2 data
/*
//COPY2    EXEC PGM=ICETOOL
//TOOLMSG  DD SYSOUT=*
//DFSMSG   DD SYSOUT=*
//IN2      DD PATH='in2.dat',LRECL=34
//TEMP1    DD DSN=EX1.TEMP1,DISP=(MOD,CATLG,CATLG),LRECL=31
//TOOLIN   DD *
* Reformat the File2 records for splicing
  COPY FROM(IN2) TO(TEMP1) USING(CTL2)
/*
//CTL2CNTL DD *
  OUTREC FIELDS=(5:1,5,       put file2 key in same place as file1 key
          15:7,15,            file2 data
          30:33,2)            file2 data
/*
//COMBINE  EXEC PGM=ICETOOL
//TOOLMSG  DD SYSOUT=*
//DFSMSG   DD SYSOUT=*
//TEMP1    DD DSN=EX1.TEMP1,DISP=(OLD,DELETE,KEEP),LRECL=31
//COMBINE  DD DSN=EX1.COMBINE,DISP=(NEW,CATLG,DELETE),LRECL=31
//TOOLIN   DD *
* Splice the needed data from File1 and File2 together
  SPLICE FROM(TEMP1) TO(COMBINE) ON(5,5,ZD) WITH(15,17)
/*
