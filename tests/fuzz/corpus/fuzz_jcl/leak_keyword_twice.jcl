//DUPKW    JOB
//* a DD keyword coded twice (the first value leaked): LAYOUT=, DSN=, a referback, SYSOUT=
//S1       EXEC PGM=SORT
//IN       DD DSN=A.B,DISP=SHR,LAYOUT=x,LAYOUT=y
//OUT      DD DSN=C.D,DSN=E.F,DISP=SHR
//S2       EXEC PGM=SORT
//IN       DD DSN=*.S1.IN,DSN=*.S1.OUT,DISP=SHR
//PR       DD SYSOUT=A,SYSOUT=B
