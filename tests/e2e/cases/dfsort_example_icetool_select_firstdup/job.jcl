//EXAMPLE6 JOB (ACCT),'ICETOOL SELECT',CLASS=A
//* DFSORT Application Programming Guide, ICETOOL, "SELECT examples",
//* Example 6: the "master" and "pull" data sets concatenated in MASTPULL;
//* FIRSTDUP keeps the master's record of each account number in both.
//PULL     EXEC PGM=ICETOOL,REGION=64M
//TOOLMSG  DD SYSOUT=*
//DFSMSG   DD SYSOUT=*
//MASTPULL DD PATH='master.dat',LRECL=23
//         DD PATH='pull.dat',LRECL=23
//MATCH    DD DSN=EX6.MATCH,DISP=(NEW,CATLG,DELETE),LRECL=23
//TOOLIN   DD *
  SELECT FROM(MASTPULL) TO(MATCH) ON(5,8,CH) FIRSTDUP
/*
