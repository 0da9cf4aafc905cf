//JUKIDAY  JOB (DEMO),'DAILY JUKI',CLASS=A,MSGCLASS=X
//*
//* The daily 住基 (resident registry) stream of a city, on generated data: the registry
//* side is simulated (GENERATE and SORT make yesterday's and today's snapshots), then the
//* business side runs the jobs under jobs/: the difference of the two snapshots, the
//* master update and the Berkeley DB ledger (both must give today's snapshot byte for
//* byte), and the がん検診 targets of the fiscal year. `make demo` runs it:
//*   kiroku run jcl/demo.jcl --root DIR --date 2026-11-21 N=100000 TOTAL=102000 NEXT=100001
//*
//         SET N=3000,TOTAL=3060,NEXT=3001
//*
//DEFINE   EXEC PGM=IDCAMS
//SYSPRINT DD SYSOUT=*
//SYSIN    DD *
  DEFINE GDG NAME(JUKI.SNAPSHOT) LIMIT(7) SCRATCH NOEMPTY
  DEFINE GDG NAME(JUKI.TX) LIMIT(7) SCRATCH NOEMPTY
  DEFINE GDG NAME(JUKI.MASTER) LIMIT(7) SCRATCH NOEMPTY
/*
//* ---- the registry side (simulated) ------------------------------------------------
//STEP010  EXEC PGM=GENERATE,
//             PARM='RECORDS=&TOTAL,SEED=2026,DATE=2026-11-20'
//SYSUT2   DD DSN=&&REGISTRY,DISP=(NEW,PASS),LAYOUT=juki
//*
//STEP020  EXEC PGM=SORT
//SORTIN   DD DSN=&&REGISTRY,DISP=(OLD,DELETE),LAYOUT=juki
//DAY1     DD DSN=&&YESTER,DISP=(NEW,PASS),LAYOUT=juki
//NEWCOMER DD DSN=&&NEWCOMER,DISP=(NEW,PASS),LAYOUT=juki
//SYSIN    DD *,SYMBOLS=JCLONLY
  OPTION COPY
  OUTFIL FNAMES=DAY1,ENDREC=&N
  OUTFIL FNAMES=NEWCOMER,STARTREC=&NEXT
/*
//* Today: departures confirmed are gone, one in a hundred moved within the city, one
//* married, one in a hundred changed household; the newcomers merged in.
//STEP030  EXEC PGM=SORT
//SORTIN01 DD DSN=&&YESTER,DISP=(OLD,PASS),LAYOUT=juki
//SORTIN02 DD DSN=&&NEWCOMER,DISP=(OLD,DELETE),LAYOUT=juki
//SORTOUT  DD DSN=JUKI.SNAPSHOT(+1),DISP=(NEW,CATLG,DELETE),
//             LAYOUT=juki
//SYSIN    DD *
  MERGE FIELDS=(atena_no,A)
  OMIT COND=(tenshutsu_kakutei_ymd,NE,C'0000000')
  INREC IFTHEN=(WHEN=(14,2,CH,EQ,C'37'),
                OVERLAY=(jusho:C'奈良市二条大路南一丁目１番１号',katagaki:C'市営住宅３号棟２０５',
                         yubin_no:C'6308012',jutei_ymd:C'5081120',jutei_jiyu:C'30',
                         ido_ymd:C'5081120')),
        IFTHEN=(WHEN=(atena_no,EQ,100058),
                OVERLAY=(shimei:C'山本　さくら',shimei_kana:C'ﾔﾏﾓﾄ ｻｸﾗ',ido_ymd:C'5081120')),
        IFTHEN=(WHEN=(14,2,CH,EQ,C'73'),
                OVERLAY=(setai_no:C'000000000599999',zokugara:C'01',ido_ymd:C'5081120'))
/*
//* ---- the business side -------------------------------------------------------------
//STEP040  EXEC PGM=VERIFY
//SYSUT1   DD DSN=JUKI.SNAPSHOT(+1),DISP=SHR
//*
//STEP050  EXEC PGM=SORT
//SORTJNF1 DD DSN=&&YESTER,DISP=(OLD,PASS),LAYOUT=juki
//SORTJNF2 DD DSN=JUKI.SNAPSHOT(+1),DISP=SHR
//DEPARTED DD DSN=JUKI.DEPARTED.D&YYMMDD,DISP=(NEW,CATLG,DELETE),
//             LAYOUT=juki
//ARRIVED  DD DSN=JUKI.ARRIVED.D&YYMMDD,DISP=(NEW,CATLG,DELETE),
//             LAYOUT=juki
//TX       DD DSN=JUKI.TX(+1),DISP=(NEW,CATLG,DELETE),LAYOUT=juki_tx
//CHANGES  DD DSN=JUKI.CHANGES.D&YYMMDD,DISP=(NEW,CATLG,DELETE)
//SYSIN    DD PATH='../jobs/juki_diff.sort'
//*
//STEP060  EXEC PGM=VERIFY
//SYSUT1   DD DSN=JUKI.TX(+1),DISP=SHR
//*
//* The sequential master update: yesterday + the transactions must be today.
//STEP070  EXEC PGM=LEDGER,PARM='UPDATE'
//OLDMAST  DD DSN=&&YESTER,DISP=(OLD,PASS),LAYOUT=juki
//TRANS    DD DSN=JUKI.TX(+1),DISP=SHR
//NEWMAST  DD DSN=JUKI.MASTER(+1),DISP=(NEW,CATLG,DELETE),
//             LAYOUT=juki
//REJECTS  DD DSN=&&REJECTS,DISP=(NEW,DELETE)
//STEP075  EXEC PGM=IEBCOMPR
//SYSUT1   DD DSN=JUKI.MASTER(+1),DISP=SHR
//SYSUT2   DD DSN=JUKI.SNAPSHOT(+1),DISP=SHR
//*
//* The Berkeley DB ledger: load yesterday, apply the transactions, unload = today.
//STEP080  EXEC PGM=LEDGER,PARM='LOAD'
//LEDGER   DD DSN=&&LEDGER,DISP=(NEW,PASS)
//MASTER   DD DSN=&&YESTER,DISP=(OLD,DELETE),LAYOUT=juki
//STEP081  EXEC PGM=LEDGER,PARM='APPLY'
//LEDGER   DD DSN=&&LEDGER,DISP=(OLD,PASS)
//TRANS    DD DSN=JUKI.TX(+1),DISP=SHR
//STEP082  EXEC PGM=LEDGER,PARM='UNLOAD'
//LEDGER   DD DSN=&&LEDGER,DISP=(OLD,PASS)
//MASTER   DD DSN=&&UNLOADED,DISP=(NEW,PASS),LAYOUT=juki
//STEP083  EXEC PGM=LEDGER,PARM='VERIFY'
//LEDGER   DD DSN=&&LEDGER,DISP=(OLD,PASS)
//STEP084  EXEC PGM=IEBCOMPR
//SYSUT1   DD DSN=&&UNLOADED,DISP=(OLD,DELETE)
//SYSUT2   DD DSN=JUKI.SNAPSHOT(+1),DISP=SHR
//*
//* がん検診 targets of the fiscal year, by age at its end (jobs/kenshin_taisho.sort).
//STEP100  IF (STEP075.RC = 0 & STEP084.RC = 0) THEN
//TAISHO   EXEC PGM=SORT
//SORTIN   DD DSN=JUKI.SNAPSHOT(+1),DISP=SHR
//IGAN     DD DSN=KENSHIN.IGAN.FY&FYEAR,DISP=(NEW,CATLG,DELETE),
//             LAYOUT=juki
//NYUGAN   DD DSN=KENSHIN.NYUGAN.FY&FYEAR,DISP=(NEW,CATLG,DELETE),
//             LAYOUT=juki
//SHIKYU   DD DSN=KENSHIN.SHIKYU.FY&FYEAR,DISP=(NEW,CATLG,DELETE),
//             LAYOUT=juki
//LABELS   DD DSN=KENSHIN.LABELS.FY&FYEAR,DISP=(NEW,CATLG,DELETE)
//SYSIN    DD PATH='../jobs/kenshin_taisho.sort'
//         ENDIF
