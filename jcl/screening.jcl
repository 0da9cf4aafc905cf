//SCREEN   JOB (KENKO),'SCREENING',CLASS=A,MSGCLASS=X
//*
//* The city's screening stream (docs/streams/screening.md), run on the first day of
//* the fiscal year:
//*   1. results intake: last fiscal year's results from the medical institutions
//*      (KENSHIN.UKETSUKE.Dyymmdd, layout kenshin) verified, matched with the
//*      registry (JUKI.SNAPSHOT(0)) by 宛名番号 and checked on names (folding
//*      profiles), birth date, sex and address (jobs/kenshin_shogo.sort): what
//*      agrees becomes the screening ledger's new generation KENSHIN.KEKKA(+1),
//*      nothing corrected; the rest goes to the error list for two-person review.
//*   2. the year's targets per cancer screening by age at the fiscal year's end,
//*      sex and interval, against the ledger (attended last year or not: 繰越),
//*      into the 受診券 file and the printed mailing list.
//*   kiroku run jcl/screening.jcl --root DIR --date 2026-04-01
//* scripts/health_root.sh puts a generated city there.
//*
//* ---- 1. results intake -------------------------------------------------------------
//VERUKE   EXEC PGM=VERIFY
//SYSUT1   DD DSN=KENSHIN.UKETSUKE.D&YYMMDD,DISP=SHR,LAYOUT=kenshin
//INTAKE   IF (VERUKE.RC <= 4) THEN
//SHOGO    EXEC PGM=SORT
//SORTJNF1 DD DSN=KENSHIN.UKETSUKE.D&YYMMDD,DISP=SHR,LAYOUT=kenshin
//SORTJNF2 DD DSN=JUKI.SNAPSHOT(0),DISP=SHR,LAYOUT=juki
//KEKKA    DD DSN=KENSHIN.KEKKA(+1),DISP=(,CATLG),LAYOUT=kenshin
//SHOGO    DD DSN=KENSHIN.SHOGO.D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=kenshin_shogo
//ERRORS   DD DSN=KENSHIN.ERRORS.D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=kenshin_shogo
//ERRLIST  DD DSN=KENSHIN.ERRLIST.D&YYMMDD,DISP=(,CATLG)
//SYSIN    DD PATH='../jobs/kenshin_shogo.sort'
//VERKEKKA EXEC PGM=VERIFY,COND=(0,NE,SHOGO)
//SYSUT1   DD DSN=KENSHIN.KEKKA(+1),DISP=SHR,LAYOUT=kenshin
//         ENDIF
//*
//* ---- 2. the year's targets ---------------------------------------------------------
//* TAISHO: one screening. SHU its code (01 胃 .. 05 乳, kenshin's レコード種別 without
//* the kind), AGE the youngest age at the fiscal year's end, NOT the sex it is not for
//* (9: both), SKIP C'B' when it is every two years (those screened last year wait) or
//* C'-' (never: every year). Residents only; 区分 2 繰越 when the person was of age last
//* fiscal year too and has no 一次 result of it in the ledger.
//TAISHO   PROC SHU=,AGE=,NOT=9,SKIP=-
//SELECT   EXEC PGM=SORT
//SORTJNF1 DD DSN=JUKI.SNAPSHOT(0),DISP=SHR,LAYOUT=juki
//SORTJNF2 DD DSN=KENSHIN.KEKKA(+1),DISP=SHR,LAYOUT=kenshin
//TAISHO   DD DSN=&&T&SHU,DISP=(NEW,PASS),LAYOUT=jushinken
//SYSIN    DD *,SYMBOLS=JCLONLY
  JOINKEYS FILE=F1,FIELDS=(atena_no,A),SORTED,
           INCLUDE=(shojo_ymd,EQ,C'0000000',AND,jumin_kubun,NE,9,AND,
                    seibetsu,NE,&NOT,AND,seinengappi,LE,FYEND-&AGE.Y+1D)
  JOINKEYS FILE=F2,FIELDS=(atena_no,A),INCLUDE=(shubetsu,EQ,C'&SHU.1')
  JOIN UNPAIRED,F1
  REFORMAT FIELDS=(F1:1,600,?)
  SORT FIELDS=(F1:atena_no,A)
  SUM FIELDS=NONE
  OUTFIL FNAMES=TAISHO,OMIT=(601,1,CH,EQ,C'&SKIP'),
    IFTHEN=(WHEN=(601,1,CH,EQ,C'1',AND,
                  F1:seinengappi,LE,FYSTART-1D-&AGE.Y+1D),
      BUILD=(F1:atena_no,C'&SHU.2',F1:shimei_kana,F1:shimei,F1:seinengappi,
             F1:seibetsu,F1:yubin_no,F1:jusho,F1:katagaki,F1:gyoseiku,14X)),
    IFTHEN=(WHEN=NONE,
      BUILD=(F1:atena_no,C'&SHU.1',F1:shimei_kana,F1:shimei,F1:seinengappi,
             F1:seibetsu,F1:yubin_no,F1:jusho,F1:katagaki,F1:gyoseiku,14X))
/*
//         PEND
//* the year's targets only from the new generation the intake made
//TARGETS  IF (SHOGO.RC = 0 & VERKEKKA.RC = 0) THEN
//IGAN     EXEC TAISHO,SHU=01,AGE=50,SKIP=B
//HAIGAN   EXEC TAISHO,SHU=02,AGE=40
//DAICHO   EXEC TAISHO,SHU=03,AGE=40
//SHIKYU   EXEC TAISHO,SHU=04,AGE=20,NOT=1,SKIP=B
//NYUGAN   EXEC TAISHO,SHU=05,AGE=40,NOT=1,SKIP=B
//*
//* ---- the 受診券 file and the mailing list, in 行政区 and 50音 order ----------------
//JUSHIN   EXEC PGM=SORT
//SORTIN   DD DSN=&&T01,DISP=(OLD,DELETE),LAYOUT=jushinken
//         DD DSN=&&T02,DISP=(OLD,DELETE),LAYOUT=jushinken
//         DD DSN=&&T03,DISP=(OLD,DELETE),LAYOUT=jushinken
//         DD DSN=&&T04,DISP=(OLD,DELETE),LAYOUT=jushinken
//         DD DSN=&&T05,DISP=(OLD,DELETE),LAYOUT=jushinken
//SORTOUT  DD DSN=KENSHIN.JUSHIN.D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=jushinken
//LIST     DD DSN=KENSHIN.JUSHIN.LIST.D&YYMMDD,
//            DISP=(,CATLG)
//SYSIN    DD PATH='../jobs/jushinken.sort'
//         ENDIF
