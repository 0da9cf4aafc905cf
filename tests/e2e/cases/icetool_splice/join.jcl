//JOIN     JOB (ACCT),'SPLICE JOIN',CLASS=A
//* The join pattern of "Smart DFSORT Tricks": two files concatenated in
//* FROM, USING's INREC marks each file's records ('1' in 13, '2' in 14),
//* SPLICE lays the last record's data and mark over the first, OUTFIL
//* writes each key by where it was found.
//SPLICE   EXEC PGM=ICETOOL
//TOOLMSG  DD SYSOUT=*
//DFSMSG   DD DUMMY
//CON      DD PATH='mast.dat',LRECL=12
//         DD PATH='tran.dat',LRECL=12
//BOTH     DD DSN=SP.BOTH,DISP=(NEW,CATLG,DELETE),LRECL=12
//ONLY1    DD DSN=SP.ONLY1,DISP=(NEW,CATLG,DELETE),LRECL=12
//ONLY2    DD DSN=SP.ONLY2,DISP=(NEW,CATLG,DELETE),LRECL=12
//TOOLIN   DD *
  SPLICE FROM(CON) TO(BOTH) ON(1,2,CH) WITH(10,3) WITH(14,1) -
         KEEPNODUPS USING(CTL1)
/*
//CTL1CNTL DD *
* mark the master records '1' in 13, the transactions '2' in 14
  INREC IFTHEN=(WHEN=(4,1,CH,EQ,C'B'),OVERLAY=(13:C'1 ')),
        IFTHEN=(WHEN=NONE,OVERLAY=(13:C' 2'))
  OUTFIL FNAMES=BOTH,INCLUDE=(13,2,CH,EQ,C'12'),BUILD=(1,12)
  OUTFIL FNAMES=ONLY1,INCLUDE=(13,2,CH,EQ,C'1 '),BUILD=(1,12)
  OUTFIL FNAMES=ONLY2,INCLUDE=(13,2,CH,EQ,C' 2'),BUILD=(1,12)
/*
