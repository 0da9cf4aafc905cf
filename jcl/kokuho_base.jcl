//KOKUHOBS JOB (KOKUHO),'NHI NEW BASE',CLASS=A,MSGCLASS=X
//*
//* A new base generation of the NHI ledger for the correction stream (docs/streams/
//* correction.md, "Keeping the history"): the ledger as it is now becomes KOKUHO.BASE(+1) and
//* the transaction history KOKUHO.TXHIST starts again, empty. Run it on a quiet day (e.g. the
//* first business day of each month, after the daily stream), and whenever the correction
//* stream stopped at SAME because a day is missing from the history. Nothing is lost: every
//* day's transactions stay cataloged as KOKUHO.ACCEPTED.Dyymmdd, every correction as
//* KOKUHO.TEISEI.Dyymmdd with its report.
//*   kiroku run jcl/kokuho_base.jcl --root DIR --date 2026-05-01
//*
//BASE     EXEC PGM=IEBGENER
//SYSUT1   DD DSN=KOKUHO.DAICHO(0),DISP=SHR
//SYSUT2   DD DSN=KOKUHO.BASE(+1),DISP=(,CATLG),LAYOUT=kokuho_daicho
//*
//* ---- the history since the old base is no longer needed: a new, empty GDG --------------
//RESTART  EXEC PGM=IDCAMS,COND=(0,NE,BASE)
//SYSPRINT DD SYSOUT=*
//SYSIN    DD *
  DELETE KOKUHO.TXHIST GDG FORCE
  DEFINE GDG (NAME(KOKUHO.TXHIST) LIMIT(255) SCRATCH NOEMPTY)
/*
