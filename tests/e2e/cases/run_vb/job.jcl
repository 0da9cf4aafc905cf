//VBJOB    JOB (ACCT),'VB',CLASS=A
//* RECFM=VB on a DD: SORTIN's records are variable-length, each after its RDW (LRECL is the
//* longest with the RDW). The sorted VB data set is cataloged; an OUTFIL VTOF writes fixed
//* records beside it.
//SORTVB   EXEC PGM=SORT,REGION=64M,CORES=2
//SYSOUT   DD SYSOUT=*
//SORTIN   DD PATH='in.vb',RECFM=VB,LRECL=64
//SORTOUT  DD DSN=KR.VB.SORTED,DISP=(NEW,CATLG,DELETE),
//            RECFM=VB,LRECL=64
//FIXED    DD DSN=KR.VB.FIXED,DISP=(NEW,CATLG,DELETE),RECFM=FB,LRECL=12
//SYSIN    DD *
  SORT FIELDS=(5,4,CH,D)
  OUTFIL FNAMES=SORTOUT
  OUTFIL FNAMES=FIXED,VTOF,BUILD=(5,12)
/*
