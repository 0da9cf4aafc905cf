//YOBO     JOB (KENKO),'VACCINATION',CLASS=A,MSGCLASS=X
//*
//* The city's vaccination stream (docs/streams/yobo.md), run on the first day
//* of the fiscal year:
//*   1. records intake: the 予診票 records the medical institutions sent in
//*      (YOBO.YOSHIN.Dyymmdd, layout yobo_sesshu) verified, matched with the
//*      registry (JUKI.SNAPSHOT(0)) by 宛名番号 and checked on names (folding
//*      profiles), birth date and sex (jobs/yobo_shogo.sort): what agrees joins
//*      the history, YOBO.RIREKI(+1) = YOBO.RIREKI(0) and the accepted records;
//*      the rest goes to the error list for two-person review.
//*   2. the year's notices per dose, by birth date and the history per
//*      接種コード and 接種回数, into the notice file and the printed list.
//*   kiroku run jcl/yobo.jcl --root DIR --date 2026-04-01
//* scripts/health_root.sh puts a generated city there.
//*
//* ---- 1. records intake -------------------------------------------------
//VERYOSHI EXEC PGM=VERIFY
//SYSUT1   DD DSN=YOBO.YOSHIN.D&YYMMDD,DISP=SHR,LAYOUT=yobo_sesshu
//INTAKE   IF (VERYOSHI.RC <= 4) THEN
//SHOGO    EXEC PGM=SORT
//SORTJNF1 DD DSN=YOBO.YOSHIN.D&YYMMDD,DISP=SHR,LAYOUT=yobo_sesshu
//SORTJNF2 DD DSN=JUKI.SNAPSHOT(0),DISP=SHR,LAYOUT=juki
//ACCEPT   DD DSN=&&ACCEPT,DISP=(NEW,PASS),LAYOUT=yobo_sesshu
//SHOGO    DD DSN=YOBO.SHOGO.D&YYMMDD,DISP=(,CATLG),LAYOUT=yobo_shogo
//ERRORS   DD DSN=YOBO.ERRORS.D&YYMMDD,DISP=(,CATLG),LAYOUT=yobo_shogo
//ERRLIST  DD DSN=YOBO.ERRLIST.D&YYMMDD,DISP=(,CATLG)
//SYSIN    DD PATH='../jobs/yobo_shogo.sort'
//* the history's new generation: the old one and the accepted records
//RIREKI   EXEC PGM=SORT,COND=(0,NE,SHOGO)
//SORTIN   DD DSN=YOBO.RIREKI(0),DISP=SHR,LAYOUT=yobo_sesshu
//         DD DSN=&&ACCEPT,DISP=(OLD,DELETE),LAYOUT=yobo_sesshu
//SORTOUT  DD DSN=YOBO.RIREKI(+1),DISP=(,CATLG),LAYOUT=yobo_sesshu
//SYSIN    DD *
  SORT FIELDS=(atena_no,A,1,1,CH,A,173,4,CH,A,177,8,CH,A)
/*
//         ENDIF
//*
//* ---- 2. the year's notices ------------------------------------------------
//* TSUCHI: one dose. CD its 接種コード (201: 高齢者肺炎球菌), N its 接種回数,
//* LO and HI the ages at the fiscal year's end it is for (HI1 = HI + 1),
//* NOT the sex it is not for (9: both); the history's records of the dose:
//* 記録区分 K and the LEN bytes at POS equal to KEY (type 1: 接種コード and
//* 接種回数 at 173; type 2, 成人用肺炎球菌: its 記録区分 again). Residents
//* only; a notice when the history has no such record with 接種判定 1 接種.
//TSUCHI   PROC CD=,N=1,LO=,HI1=,NOT=9,K=1,POS=173,LEN=4,KEY=
//SELECT   EXEC PGM=SORT
//SORTJNF1 DD DSN=JUKI.SNAPSHOT(0),DISP=SHR,LAYOUT=juki
//SORTJNF2 DD DSN=YOBO.RIREKI(+1),DISP=SHR,LAYOUT=yobo_sesshu
//TSUCHI   DD DSN=&&Y&CD&N,DISP=(NEW,PASS),LAYOUT=yobo_tsuchi
//SYSIN    DD *,SYMBOLS=JCLONLY
  JOINKEYS FILE=F1,FIELDS=(atena_no,A),SORTED,
           INCLUDE=(shojo_ymd,EQ,C'0000000',AND,jumin_kubun,NE,9,AND,
                    seibetsu,NE,&NOT,AND,seinengappi,LE,FYEND-&LO.Y+1D,AND,
                    seinengappi,GT,FYEND-&HI1.Y+1D)
  JOINKEYS FILE=F2,FIELDS=(atena_no,A),
           INCLUDE=(189,1,CH,EQ,C'1',AND,1,1,CH,EQ,C'&K',AND,
                    &POS,&LEN,CH,EQ,C'&KEY')
  JOIN UNPAIRED,F1,ONLY
  REFORMAT FIELDS=(F1:1,600)
  SORT FIELDS=(F1:atena_no,A)
  OUTFIL FNAMES=TSUCHI,
    BUILD=(F1:atena_no,C'&CD&N',F1:shimei_kana,F1:shimei,F1:seinengappi,
           F1:seibetsu,F1:yubin_no,F1:jusho,F1:katagaki,F1:gyoseiku,13X)
/*
//         PEND
//* the year's targets only from the new generation the intake made
//TARGETS  IF (SHOGO.RC = 0 & RIREKI.RC = 0) THEN
//MR2      EXEC TSUCHI,CD=108,N=2,LO=6,HI1=7,KEY=1082
//JE1      EXEC TSUCHI,CD=112,N=1,LO=3,HI1=4,KEY=1121
//HPV      EXEC TSUCHI,CD=114,N=1,LO=12,HI1=17,NOT=1,KEY=1141
//PNEUMO   EXEC TSUCHI,CD=201,N=1,LO=65,HI1=66,K=2,POS=1,LEN=1,KEY=2
//*
//* ---- the notice file and the list, in 行政区 and 50音 order ------------------
//NOTICE   EXEC PGM=SORT
//SORTIN   DD DSN=&&Y1082,DISP=(OLD,DELETE),LAYOUT=yobo_tsuchi
//         DD DSN=&&Y1121,DISP=(OLD,DELETE),LAYOUT=yobo_tsuchi
//         DD DSN=&&Y1141,DISP=(OLD,DELETE),LAYOUT=yobo_tsuchi
//         DD DSN=&&Y2011,DISP=(OLD,DELETE),LAYOUT=yobo_tsuchi
//SORTOUT  DD DSN=YOBO.TSUCHI.D&YYMMDD,DISP=(,CATLG),
//            LAYOUT=yobo_tsuchi
//LIST     DD DSN=YOBO.TSUCHI.LIST.D&YYMMDD,DISP=(,CATLG)
//SYSIN    DD PATH='../jobs/yobo_tsuchi.sort'
//         ENDIF
