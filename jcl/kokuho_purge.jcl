//KOKUHOPG JOB (KOKUHO),'RETENTION PURGE',CLASS=A,MSGCLASS=X
//*
//* The yearly retention purge (docs/streams/purge.md) over the NHI ledger and the screening
//* ledger: what is past its retention leaves the new generation and is sealed with the
//* city's key; the old generation stays (GDG) until it rolls off. PURGE counts what it
//* removed in its listing and in the audit log, the runner audits every step.
//*   kiroku run jcl/kokuho_purge.jcl --root DIR --date 2026-04-01 CITY=01 KEYS=DIR
//* KEYS is a key ring with cityNN.key; the roles file grants purge and seal:cityNN.
//* The data root holds KOKUHO.DAICHO(0) and KENSHIN.KEKKA(0) (scripts/purge_root.sh).
//*
//* ---- 国保: five years after every member of the household lost eligibility ------------
//NHILOAD  EXEC PGM=LEDGER,PARM='LOAD'
//MASTER   DD DSN=KOKUHO.DAICHO(0),DISP=SHR,LAYOUT=kokuho_daicho
//LEDGER   DD DSN=&&NHIDB,DISP=(NEW,PASS)
//NHIPURGE EXEC PGM=PURGE,COND=(0,NE),
//             PARM=(RUNDATE=&RUNDATE,KEYRING=&KEYS,KEYID=city&CITY,
//             SENDER=CITY&CITY,RECEIVER=CITY&CITY,
//             DATASET=KOKUHO.PURGED.D&YYMMDD)
//LEDGER   DD DSN=&&NHIDB,DISP=(OLD,PASS)
//SYSIN    DD PATH='../jobs/kokuho_retain.ctl'
//SYSUT2   DD DSN=KOKUHO.PURGED.D&YYMMDD,DISP=(,CATLG)
//NHIUNLD  EXEC PGM=LEDGER,PARM='UNLOAD',COND=(0,NE)
//LEDGER   DD DSN=&&NHIDB,DISP=(OLD,DELETE)
//MASTER   DD DSN=KOKUHO.DAICHO(+1),DISP=(,CATLG),LAYOUT=kokuho_daicho
//*
//* ---- 検診: results five years after their 受診日 ----------------------------------------
//KENSORT  EXEC PGM=SORT,COND=(0,NE)
//SORTIN   DD DSN=KENSHIN.KEKKA(0),DISP=SHR,LAYOUT=kenshin
//KEEP     DD DSN=KENSHIN.KEKKA(+1),DISP=(,CATLG),LAYOUT=kenshin
//GONE     DD DSN=&&KGONE,DISP=(NEW,PASS),LAYOUT=kenshin
//SYSIN    DD PATH='../jobs/kenshin_retain.sort'
//KENSEAL  EXEC PGM=SEAL,COND=(0,NE),
//             PARM=(KEYRING=&KEYS,KEYID=city&CITY,SENDER=CITY&CITY,
//             RECEIVER=CITY&CITY,DATASET=KENSHIN.PURGED.D&YYMMDD)
//SYSUT1   DD DSN=&&KGONE,DISP=(OLD,DELETE),LAYOUT=kenshin
//SYSUT2   DD DSN=KENSHIN.PURGED.D&YYMMDD,DISP=(,CATLG)
