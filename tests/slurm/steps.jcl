//STEPSJOB JOB (TEST),'SLURM STEPS',CLASS=A
//*
//* tests/diff/slurm_restart.sh: a copy, a step that waits WAIT seconds and then ends as
//* PARM asks (KRSETRC: RC=n or ABEND=Unnnn) on CORES cores within TIME=(MIN,30), a step only
//* when it ended well, a last copy.
//         SET WAIT=0,END=RC=0,CORES=1,MIN=2
//COPY1    EXEC PGM=IEBGENER
//SYSUT1   DD *
first record
/*
//SYSUT2   DD DSN=ST.FIRST,DISP=(NEW,CATLG,DELETE)
//SYSIN    DD DUMMY
//WAITER   EXEC PGM=KRSETRC,PARM='WAIT=&WAIT,&END',CORES=&CORES,
//             TIME=(&MIN,30)
//AFTER    EXEC PGM=KRSETRC,PARM='RC=4',COND=(0,NE,WAITER)
//COPY2    EXEC PGM=IEBGENER
//SYSUT1   DD DSN=ST.FIRST,DISP=SHR
//SYSUT2   DD DSN=ST.SECOND,DISP=(NEW,CATLG,DELETE)
//SYSIN    DD DUMMY
